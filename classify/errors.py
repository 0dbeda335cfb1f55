"""The one error hierarchy of the classify package."""

from __future__ import annotations


class ClassifyError(Exception):
    """Base class of every error raised by the classify package."""


class ModelNotFoundError(ClassifyError):
    """The packaged model directory is missing or incomplete; run ``ccrp classify train``."""


class TrainingDataError(ClassifyError):
    """A training sentence file has a malformed line or an unknown label."""


class LabelFileError(ClassifyError):
    """An evaluation label file is malformed or does not match its input."""


class ClassifyConfigError(ClassifyError):
    """An option of the classifier names no known setting (e.g. an unknown decision mode)."""
