"""Errors of the wiring layer (broker, transport, pipeline orchestration)."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Exit codes of ``ccrp`` commands (documented in the README)."""

    OK = 0  # everything ran; every source that ran succeeded
    FAILED = 1  # the command or the pipeline failed (broker, store, drain timeout...)
    USAGE = 2  # bad options or arguments
    SOURCES_FAILED = 3  # the pass finished, but at least one source failed
    CONFIG = 4  # a configuration error: sources file, geocoder credentials or URL, store URL


class CcrpError(Exception):
    """Base of the wiring package's errors."""


class BrokerError(CcrpError):
    """The broker could not be started or reached."""


class TransportError(CcrpError):
    """A message could not be produced or decoded."""


class DecodeError(TransportError):
    """A message's bytes are not a valid instance of its topic's model (terminal)."""


class DrainTimeout(CcrpError):
    """The pipeline did not finish processing the produced reports in time."""


def is_infrastructure(exc: BaseException) -> bool:
    """True for failures of the store or the broker, which no message is to blame for.

    They are retried with backoff while the stage stops consuming; every other error is
    the message's own and makes it a dead letter.
    """
    from confluent_kafka import KafkaException

    from sinks.errors import StoreError, StoreInputError

    if isinstance(exc, DecodeError | StoreInputError):
        return False
    return isinstance(
        exc, TransportError | StoreError | KafkaException | ConnectionError | TimeoutError
    )
