"""The classifier other parts call: structured reports mapped directly, free text through
the packaged spaCy pipeline (text classifier + rules) and the attribute extractors."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

import classify.rules  # noqa: F401  (registers the rule component factory)
from classify import attributes as attrs
from classify.errors import ClassifyConfigError, ModelNotFoundError
from classify.followup import is_follow_up
from classify.gazetteer import place_incident
from classify.model import MODEL_DIR, TEXTCAT, TRAIN_DIR, read_sentences
from classify.rules import STRONG_CUES, subsume, types_from_cues
from classify.settings import ClassifySettings
from classify.structured import classify_structured, is_structured
from classify.timeparse import resolve_occurred_at
from schemas import Attributes, Classification, RawReport

TYPE_THRESHOLD = 0.5
# Above this the model's "not an incident" overrides weak rule cues (a fire-safety bylaw story).
NOT_INCIDENT_VETO = 0.85
# Loose wording alone (plurals: "after a spate of shootings", "carjackings are down"; a
# "fight" that may be political) needs the model to lean towards an incident.
LOOSE_ONLY_VETO = 0.5
LOOSE_CUES = frozenset({"shoot_plural", "robbery_plural", "fight", "scuffle"})
# Topic wording (a program, a budget, statistics) and a model leaning this far to "not an
# incident" outweigh even strong cues: "a shooting-response team in each district".
TOPIC_VETO = 0.5
# Without rule cues the model's top incident type is taken when it reaches this score.
FALLBACK_MINIMUM = 0.25
COMBINED, MODEL_ONLY, RULES_ONLY = "combined", "model", "rules"
METHOD = "spacy-textcat+rules"
# Reaching the model's fallback means no gun or knife wording matched.
UNSUPPORTED_WEAPON_TYPES = frozenset({"shooting", "shots_fired", "stabbing"})

_cache: dict[Path, Classifier] = {}
_cache_lock = threading.Lock()


class Classifier:
    """Classifies raw reports; thread-safe: calls that share a pipeline run one at a time.

    Each batch is processed inside a spaCy memory zone, so the words of the texts are dropped
    from the shared vocabulary afterwards and a long-running worker does not grow without
    limit. Zones must not interleave, hence the pipeline's lock.
    """

    def __init__(
        self,
        nlp: Language,
        batch_size: int = 64,
        mode: str = COMBINED,
        lock: threading.Lock | None = None,
    ) -> None:
        self.nlp = nlp
        self.batch_size = batch_size
        self.mode = mode
        self._lock = lock or threading.Lock()

    @classmethod
    def load(cls, settings: ClassifySettings | None = None) -> Classifier:
        """Load the packaged model (or ``settings.model_path``) once per process."""
        settings = settings or ClassifySettings()
        path = Path(settings.model_path) if settings.model_path else MODEL_DIR
        with _cache_lock:
            if path not in _cache:
                _cache[path] = cls(_load_pipeline(path), batch_size=settings.batch_size)
            return _cache[path]

    def with_mode(self, mode: str) -> Classifier:
        """The same pipeline deciding types by ``combined``, ``model`` or ``rules`` alone."""
        if mode not in (COMBINED, MODEL_ONLY, RULES_ONLY):
            raise ClassifyConfigError(f"unknown mode {mode!r}: combined, model or rules")
        return Classifier(self.nlp, self.batch_size, mode, self._lock)

    def classify(self, report: RawReport) -> Classification:
        """Classify one report."""
        return self.classify_many([report])[0]

    def classify_many(self, reports: Sequence[RawReport]) -> list[Classification]:
        """Classify a batch; free texts go through one batched ``nlp.pipe``.

        Every doc is read inside the memory zone: its strings are gone once the zone closes.
        """
        results: list[Classification | None] = [None] * len(reports)
        texts: list[tuple[int, RawReport]] = []
        for index, report in enumerate(reports):
            if is_structured(report):
                results[index] = classify_structured(report)
            else:
                texts.append((index, report))
        if texts:
            with self._lock, self.nlp.memory_zone():
                docs = self.nlp.pipe((r.text for _, r in texts), batch_size=self.batch_size)
                for (index, report), doc in zip(texts, docs, strict=True):
                    results[index] = classify_doc(doc, report, self.mode)
        return [r for r in results if r is not None]


def _load_pipeline(path: Path) -> Language:
    import spacy

    if not (path / "config.cfg").is_file():
        raise ModelNotFoundError(f"no trained model at {path}; run `ccrp classify train`")
    nlp = spacy.load(path)
    _fill_tokenizer_cache(nlp)
    return nlp


def _fill_tokenizer_cache(nlp: Language) -> None:
    """Tokenize the training sentences once, outside any memory zone.

    Inside a zone the tokenizer reads its cache but never adds to it, so without this every
    word would be split from scratch on every batch. The training words are a fixed, bounded
    set and mostly already in the model's vocabulary.
    """
    for text, _ in read_sentences(sorted(TRAIN_DIR.glob("*.tsv"))):
        nlp.make_doc(text)


def decide_types(scores: dict[str, float], cues: frozenset[str], injured: int | None,
                 dead: bool, mode: str = COMBINED) -> list[str]:  # fmt: skip
    """Combine the model's scores with the rule cues into the final type list.

    ``mode`` ``model`` or ``rules`` reads one side alone, to measure what each contributes.
    """
    if mode == MODEL_ONLY:
        return model_types(scores, minimum=0.0)
    ruled = types_from_cues(cues, injured, dead)
    if mode == RULES_ONLY:
        return sorted(ruled) or ["not_incident"]
    not_incident = scores.get("not_incident", 0.0)
    if "topic" in cues and not_incident >= TOPIC_VETO:
        # Policy, money or statistics wording, and the model reads no single event either.
        return ["not_incident"]
    strong = bool(cues & STRONG_CUES)
    if "notice" in cues and not strong:
        # A public-health or weather warning ("possible measles exposure"): no incident.
        return ["not_incident"]
    loose_only = (
        not strong
        and "hit" not in cues
        and bool(cues & LOOSE_CUES)
        and bool(ruled - types_from_cues(cues - LOOSE_CUES, injured, dead))
    )
    veto = NOT_INCIDENT_VETO
    if loose_only:
        # Only loose wording names the type: the model must read an incident more than none.
        incident = max((v for k, v in scores.items() if k != "not_incident"), default=0.0)
        veto = LOOSE_ONLY_VETO if incident >= not_incident else 0.0
    if ruled and (strong or not_incident < veto):
        return sorted(ruled)
    if cues & {"sports", "media_sense"}:
        return ["not_incident"]
    return model_types(scores, minimum=FALLBACK_MINIMUM, exclude=UNSUPPORTED_WEAPON_TYPES)


def model_types(
    scores: dict[str, float], minimum: float, exclude: frozenset[str] = frozenset()
) -> list[str]:
    """The model's reading: labels over the threshold, else its top label when confident enough.

    ``exclude`` drops types the model may not assert alone (a weapon the words do not name).
    """
    if not scores:
        return ["not_incident"]
    ranked = sorted(scores, key=lambda t: scores[t], reverse=True)
    best = ranked[0]
    if best == "not_incident" or scores[best] < minimum:
        return ["not_incident"]
    modelled = {t for t in ranked if scores[t] >= TYPE_THRESHOLD and t != "not_incident"}
    modelled = (modelled or {best}) - exclude
    return sorted(subsume(modelled)) or ["not_incident"]


def classify_doc(doc: Doc, report: RawReport, mode: str = COMBINED) -> Classification:
    """Classify one free-text report from its processed doc."""
    text = report.text
    scores = {k: round(float(v), 4) for k, v in doc.cats.items()}
    cues: frozenset[str] = doc._.incident_cues or frozenset()
    injured = attrs.injured(text)
    dead = attrs.fatalities(text)
    types = decide_types(scores, cues, injured, bool(dead) and "death" in cues, mode)
    if types == ["not_incident"]:
        return Classification(types=types, scores=scores, method=METHOD)
    reported_at = report.published_at or report.collected_at
    occurred = resolve_occurred_at(text, reported_at)
    follow_up, cue = is_follow_up(
        text,
        reported_at,
        occurred,
        ongoing="missing_person" in types,
        arrest_is_incident=bool({"police_raid", "gun_gang_activity"} & set(types)),
        raid="police_raid" in types,
    )
    area = place_incident(report.title, report.body)
    notes = [f"follow-up cue: {cue}"] if cue else []
    if report.location_text and area.in_area is None:
        area = place_incident(report.location_text, "")
    return Classification(
        types=types,
        attributes=Attributes(
            fatalities=dead if "death" in cues or "homicide" in types else None,
            injured=injured,
            weapon=attrs.weapon(text),
            youth_involved=attrs.youth_involved(text),
            occurred_at=occurred.when,
            occurred_at_text=occurred.text,
        ),
        is_follow_up=follow_up,
        in_area=area.in_area,
        municipality=area.municipality,
        scores=scores,
        method=METHOD,
        notes=notes,
    )


__all__ = ["Classifier", "TEXTCAT"]
