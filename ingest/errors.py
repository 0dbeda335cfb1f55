"""The one error hierarchy of the collectors and the community intake."""

from __future__ import annotations


class CollectError(Exception):
    """Base of every error raised while collecting reports from a source."""


class FetchError(CollectError):
    """The source answered, but not with something usable (4xx, bad URL, missing file)."""


class TransientFetchError(FetchError):
    """A failure worth retrying: timeout, connection error, 429 or 5xx."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class PayloadTooLarge(FetchError):
    """The body exceeded the configured size limit; it was not read to the end."""


class RedirectRefused(FetchError):
    """The source redirected off its own host (scheme, host and port) to a place not allowed."""


class DeadlineExceeded(CollectError):
    """The source used up its wall-clock deadline; what it emitted before stays emitted."""


class PageLimitExceeded(CollectError):
    """A paged source kept offering more pages than its page or record cap allows."""


class ParseError(CollectError):
    """The body is not in the source's format (HTML instead of XML, truncated JSON...)."""


class SourceConfigError(CollectError):
    """A sources file or a source's options are invalid."""


class UnknownSourceKind(SourceConfigError):
    """A source names a kind no collector is registered for."""


class IntakeError(CollectError):
    """A community report could not be accepted."""
