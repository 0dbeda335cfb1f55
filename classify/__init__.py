"""Incident classification: types, attributes, new vs follow-up, in-area."""

from classify.classifier import Classifier
from classify.errors import ClassifyError, LabelFileError, ModelNotFoundError, TrainingDataError

__all__ = [
    "ClassifyError",
    "Classifier",
    "LabelFileError",
    "ModelNotFoundError",
    "TrainingDataError",
]
