"""Incident classification: types, attributes, new vs follow-up, in-area."""
