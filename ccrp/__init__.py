"""Wiring for the incident intake: settings, the embedded broker, the faust app, the CLI."""

__version__ = "0.1.0"
