"""Bytes to text: the declared charset, else UTF-8, else cp1252, never a silent U+FFFD."""

from __future__ import annotations

from ingest.textcodec import declared_charset, decode_text, xml_declared_encoding


def test_utf8_and_declared_charsets_need_no_warning() -> None:
    assert decode_text("Café".encode(), "x") == decode_text("Café".encode(), "x", None)
    assert decode_text("Café".encode(), "x").warning is None
    latin = decode_text("Café".encode("latin-1"), "x", "iso8859-1")
    assert latin.text == "Café" and latin.warning is None
    assert decode_text("\ufeffCafé".encode("utf-8"), "x").text == "Café"
    assert decode_text("Café".encode("utf-16"), "x").text == "Café"


def test_undeclared_non_utf8_falls_back_with_a_warning() -> None:
    decoded = decode_text("“Café” – naïve".encode("cp1252"), "feed")
    assert decoded.text == "“Café” – naïve" and decoded.encoding == "cp1252"
    assert decoded.warning == "feed: text is not valid utf-8; decoded as cp1252"
    undefined = decode_text(b"\x81\x8d", "feed")  # not cp1252 either: Latin-1 maps every byte
    assert undefined.encoding == "latin-1" and len(undefined.text) == 2


def test_a_wrong_declaration_is_named() -> None:
    decoded = decode_text("Café".encode("latin-1"), "feed", "utf-8")
    assert decoded.text == "Café" and "not valid utf-8" in (decoded.warning or "")
    assert decode_text(b"abc", "feed", "no-such-codec").text == "abc"


def test_charset_declarations_are_read() -> None:
    assert declared_charset("text/csv; charset=ISO-8859-1") == "iso8859-1"
    assert declared_charset("text/csv") is None and declared_charset("x; charset=bogus") is None
    assert xml_declared_encoding(b'<?xml version="1.0" encoding="windows-1252"?><a/>') == (
        "windows-1252"
    )
    assert xml_declared_encoding(b"<a/>") is None
