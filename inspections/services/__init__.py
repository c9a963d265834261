"""Writes with business meaning, one module per domain concept."""
