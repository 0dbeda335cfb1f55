"""The error hierarchy of the store and the digest."""

from __future__ import annotations


class StoreError(Exception):
    """Base class for every error raised by the ``sinks`` package."""


class StoreConfigError(StoreError):
    """The database URL or another store setting is unusable."""


class StoreUnavailableError(StoreError):
    """The database could not be reached or refused the operation."""


class StoreInputError(StoreError, ValueError):
    """A value handed to the store is invalid (for example a naive datetime)."""


class StoreConflictError(StoreError):
    """A write would break a uniqueness rule the caller must resolve (e.g. a reused token)."""


class DigestError(StoreError):
    """The digest could not be rendered from the given inputs."""


class DeliveryError(StoreError):
    """An event could not be prepared for, or delivered to, the case system's webhook."""


class WebhookSignatureError(DeliveryError, ValueError):
    """A webhook request whose signature headers are missing, stale or do not match."""


class DigestDeliveryError(DigestError):
    """The digest could not be mailed (the SMTP server refused it or could not be reached)."""
