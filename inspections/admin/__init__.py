"""Admin registrations of the inspections app, one module per domain concept
(building blocks shared with indices are in core.admin.base)."""

from . import low_scores, plans, reminders, tasks  # noqa: F401
