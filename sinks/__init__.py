"""Sinks: the SQL store (SQLAlchemy) and the daily digest."""
