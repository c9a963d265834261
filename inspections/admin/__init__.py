"""Admin registrations of the inspections app, one module per domain concept."""

from . import reminders  # noqa: F401
