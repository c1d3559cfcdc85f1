"""Sentence splitting and parsing (spaCy)."""
