"""Sinks: the SQL store (SQLAlchemy) and the daily digest."""

from sinks.errors import StoreError
from sinks.store import Store

__all__ = ["Store", "StoreError"]
