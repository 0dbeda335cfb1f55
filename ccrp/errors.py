"""Errors of the wiring layer (broker, transport, pipeline orchestration)."""

from __future__ import annotations


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
