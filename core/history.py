"""Who made a change, for django-simple-history.

The history middleware names the request's user; outside a request (Celery,
management commands, the demo) nothing would. Services that save a model with
HistoricalRecords call `record_actor` first, so every version names who made
it, whatever the entry point.
"""

from __future__ import annotations


def record_actor(instance, actor) -> None:
    """Make the next history record of `instance` name `actor` (if given)."""
    if actor is not None:
        instance._history_user = actor
