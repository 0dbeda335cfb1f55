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
