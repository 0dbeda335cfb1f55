"""Enrichment: exact de-duplication, geocoding, incident resolution and program routing."""
