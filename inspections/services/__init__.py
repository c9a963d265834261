"""Writes with business meaning, one function per operation (see each module)."""
