"""Input validation for the index pages; every form only checks input, the
services do the writing."""
