"""Errors raised by the enrichment stages; every one derives from :class:`EnrichError`."""

from __future__ import annotations


class EnrichError(Exception):
    """Base of every error the ``enrich`` package raises on bad input or state."""


class InvalidURLError(EnrichError, ValueError):
    """A report URL that cannot be normalised (not an absolute http(s) URL)."""


class ResolveError(EnrichError, ValueError):
    """An enriched report that cannot be resolved into an incident (e.g. an unknown type)."""


class ActivationError(EnrichError, ValueError):
    """An incident or previous activation event that the activation rules cannot judge."""
