"""Collectors: police feeds, news RSS, municipal services and community networks."""
