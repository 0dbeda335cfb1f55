"""The packaged model: loads offline, is small, trains reproducibly; bad input is refused."""

from __future__ import annotations

import random
import string
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from ccrp.settings import ClassifySettings
from classify import Classifier, ModelNotFoundError, TrainingDataError
from classify.model import MODEL_DIR, TRAIN_DIR, read_sentences, train
from schemas.taxonomy import ALL_TYPES
from tests.classify.factories import news, police_call


def test_packaged_model_is_small_and_cached_per_process() -> None:
    size = sum(p.stat().st_size for p in MODEL_DIR.rglob("*") if p.is_file())
    assert size < 5_000_000
    assert Classifier.load() is Classifier.load()


def test_missing_model_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelNotFoundError, match="ccrp classify train"):
        Classifier.load(ClassifySettings(model_path=str(tmp_path / "nothing")))


def test_training_sentences_cover_every_type() -> None:
    sentences = read_sentences(sorted(TRAIN_DIR.glob("*.tsv")))
    assert len(sentences) >= 200
    assert {t for _, types in sentences for t in types} == set(ALL_TYPES)


def test_malformed_training_line_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("shooting\tfine line\nexplosionz\tunknown label\n", encoding="utf-8")
    with pytest.raises(TrainingDataError, match="bad.tsv:2"):
        read_sentences([bad])


def test_training_is_reproducible_with_a_fixed_seed() -> None:
    sentences = read_sentences(sorted(TRAIN_DIR.glob("*.tsv")))[::4]
    text = "Man stabbed near Yonge and Dundas on Friday night"
    first, _ = train(sentences, seed=3, epochs=2)
    second, _ = train(sentences, seed=3, epochs=2)
    assert first(text).cats == second(text).cats


def test_classify_many_keeps_order_and_is_thread_safe() -> None:
    classifier = Classifier.load()
    batch = [
        news("Man stabbed in Moss Park", "Toronto police say he was stabbed on Friday night."),
        police_call("SOUGU"),
        news("Blue Jays edge Orioles", "Toronto won a third game in a row on Tuesday."),
    ] * 20
    expected = [c.types for c in classifier.classify_many(batch)]
    assert expected[:3] == [["stabbing"], ["shots_fired"], ["not_incident"]]
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(classifier.classify_many, [batch] * 8))
    assert all([c.types for c in r] == expected for r in results)


def test_new_words_do_not_grow_the_vocabulary() -> None:
    classifier = Classifier.load()
    rng = random.Random(0)

    def word() -> str:
        return "".join(rng.choices(string.ascii_lowercase, k=12))

    def batch() -> list:  # type: ignore[type-arg]
        return [
            news(f"Man stabbed near {word()} park", " ".join(word() for _ in range(30)))
            for _ in range(100)
        ]

    classifier.classify_many(batch())
    before = len(classifier.nlp.vocab.strings)
    for _ in range(5):
        results = classifier.classify_many(batch())
        assert all(r.types == ["stabbing"] for r in results)
    # 15,000 new words went through the pipeline; the vocabulary kept none of them.
    assert len(classifier.nlp.vocab.strings) - before < 50
