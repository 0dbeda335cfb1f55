"""Hosting helpers: the intake's file senders write whole lines from many threads."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ccrp.web import file_senders
from schemas import CcrReferral, RawReport, ReferralSource, SourceKind


def test_file_senders_keep_each_line_whole_and_flushed(tmp_path: Path) -> None:
    reports, referrals = tmp_path / "reports.jsonl", tmp_path / "referrals.jsonl"
    report = RawReport(
        source="community-x",
        source_kind=SourceKind.COMMUNITY,
        item_id="1",
        title="x" * 900,
        body="y" * 20_000,
    )
    referral = CcrReferral(
        partner="x", referral_id="r1", referred_by=ReferralSource.POLICE, agency="TPS",
        odara_score=9, consent=True,
    )  # fmt: skip
    with file_senders(reports, referrals) as (emit, emit_referral):
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(lambda _: emit(report), range(200)))
        emit_referral(referral)
        assert len(reports.read_text().splitlines()) == 200  # flushed before each answer
    lines = reports.read_text().splitlines()
    assert all(RawReport.model_validate_json(line) == report for line in lines)
    assert json.loads(referrals.read_text())["referral_id"] == "r1"
