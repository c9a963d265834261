"""Reads of plans, inspections, tasks and directives, narrowed per user."""
