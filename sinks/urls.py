"""URL normalisation used to recognise the same story behind different links."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_TRACKING_PREFIXES = ("utm_", "mc_", "pk_")
_TRACKING_PARAMS = frozenset(
    {"fbclid", "gclid", "dclid", "msclkid", "cmp", "ref", "ref_src", "rss", "taid", "cid", "s"}
)
_DEFAULT_PORTS = {"http": 80, "https": 443}


def normalize_url(url: str | None) -> str | None:
    """A canonical form of ``url``: one scheme, bare host, no tracking parameters or fragment.

    ``normalize_url(normalize_url(u)) == normalize_url(u)``, so callers may pass either a
    raw link or one they normalised already. Returns None for blank input.
    """
    if url is None or not url.strip():
        return None
    text = url.strip()
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        return text.lower()
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return text.lower()
    host = parts.hostname.lower().removeprefix("www.")
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        host = f"{host}:{port}"
    path = parts.path.rstrip("/") or "/"
    query = [
        (name, value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if name.lower() not in _TRACKING_PARAMS and not name.lower().startswith(_TRACKING_PREFIXES)
    ]
    # http and https links to one story are the same story.
    return urlunsplit(("https", host, path, urlencode(sorted(query)), ""))
