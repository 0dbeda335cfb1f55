"""Build, train and save the spaCy pipeline: a bag-of-words multi-label text classifier
trained on the committed sentences, followed by the rule component."""

from __future__ import annotations

import random
from collections.abc import Iterable
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.training import Example
from spacy.util import fix_random_seed, minibatch

from classify.errors import TrainingDataError
from classify.rules import RULES_COMPONENT
from schemas.taxonomy import ALL_TYPES

PACKAGE_DIR = Path(__file__).resolve().parent
MODEL_DIR = PACKAGE_DIR / "model"
TRAIN_DIR = PACKAGE_DIR / "data" / "train"
TEXTCAT = "textcat_multilabel"

# Unigrams and bigrams hashed into 2**15 rows: a model of a few MB that scores thousands of
# news items a second on one core.
BOW_MODEL = {
    "@architectures": "spacy.TextCatBOW.v3",
    "exclusive_classes": False,
    "ngram_size": 2,
    "no_output_layer": False,
    "length": 32768,
}


def read_sentences(paths: Iterable[Path]) -> list[tuple[str, list[str]]]:
    """Read ``types<TAB>text`` lines (types comma-separated); ``#`` lines are comments."""
    known = set(ALL_TYPES)
    rows: list[tuple[str, list[str]]] = []
    for path in paths:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            labels, sep, text = line.partition("\t")
            types = [t.strip() for t in labels.split(",") if t.strip()]
            unknown = set(types) - known
            if not sep or not text.strip() or not types or unknown:
                raise TrainingDataError(f"{path.name}:{number}: bad line (unknown {unknown})")
            rows.append((text.strip(), types))
    if not rows:
        raise TrainingDataError("no training sentences found")
    return rows


def build_pipeline() -> Language:
    """A blank English pipeline with the untrained text classifier and the rule component."""
    nlp = spacy.blank("en")
    textcat = nlp.add_pipe(TEXTCAT, config={"model": BOW_MODEL, "threshold": 0.5})
    for label in ALL_TYPES:
        textcat.add_label(label)  # type: ignore[attr-defined]
    nlp.add_pipe(RULES_COMPONENT)
    return nlp


def train(
    sentences: list[tuple[str, list[str]]], seed: int = 0, epochs: int = 30
) -> tuple[Language, list[float]]:
    """Train the text classifier reproducibly; returns the pipeline and per-epoch losses."""
    fix_random_seed(seed)
    nlp = build_pipeline()
    examples = [
        Example.from_dict(nlp.make_doc(text), {"cats": {t: float(t in types) for t in ALL_TYPES}})
        for text, types in sentences
    ]
    optimizer = nlp.initialize(lambda: examples)
    rng = random.Random(seed)
    losses_by_epoch: list[float] = []
    for _ in range(epochs):
        rng.shuffle(examples)
        losses: dict[str, float] = {}
        for batch in minibatch(examples, size=16):
            nlp.update(batch, sgd=optimizer, losses=losses, drop=0.1)
        losses_by_epoch.append(losses.get(TEXTCAT, 0.0))
    return nlp, losses_by_epoch


def save(nlp: Language, target: Path = MODEL_DIR) -> Path:
    """Write the pipeline to ``target`` (only the text classifier has weights)."""
    target.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(target)
    return target


def train_packaged(seed: int = 0, epochs: int = 30, target: Path = MODEL_DIR) -> list[float]:
    """Rebuild the packaged model from the committed training sentences."""
    sentences = read_sentences(sorted(TRAIN_DIR.glob("*.tsv")))
    nlp, losses = train(sentences, seed=seed, epochs=epochs)
    save(nlp, target)
    return losses
