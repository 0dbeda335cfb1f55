"""The ``ccrp classify`` commands: train into a folder, eval on the dev set, bench."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
import typer
from typer.testing import CliRunner

from ccrp.commands.classify import register
from classify import LabelFileError
from classify.evaluate import read_jsonl
from tests.classify.test_dev_set import LABELS
from tests.conftest import shared_path


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    app = typer.Typer()
    register(app)
    return app


def test_train_writes_a_loadable_model(app: typer.Typer, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["classify", "train", "--epochs", "2", "--output", str(tmp_path / "m")]
    )
    assert result.exit_code == 0, result.output
    assert "trained 2 epochs (seed 0)" in result.output
    nlp = spacy.load(tmp_path / "m")
    assert nlp.pipe_names == ["textcat_multilabel", "incident_rules"]


def test_eval_prints_the_figures(app: typer.Typer) -> None:
    news = shared_path("news/toronto-news-2026-07-09_17.jsonl")
    result = CliRunner().invoke(
        app, ["classify", "eval", "--labels", str(LABELS), "--input", str(news)]
    )
    assert result.exit_code == 0, result.output
    for figure in ("macro-F1 over types", "follow-up accuracy", "in-area accuracy", "CCRP"):
        assert figure in result.output


def test_bench_prints_throughput(app: typer.Typer) -> None:
    result = CliRunner().invoke(app, ["classify", "bench", "--n", "300", "--processes", "1"])
    assert result.exit_code == 0, result.output
    assert "reports/s" in result.output


def test_malformed_label_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "labels.jsonl"
    bad.write_text('{"guid": "1", "types": ["fire"]}\n{not json\n', encoding="utf-8")
    with pytest.raises(LabelFileError, match="labels.jsonl:2"):
        read_jsonl(bad)
