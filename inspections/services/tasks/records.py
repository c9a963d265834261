"""How every write on a task is recorded: the row locked and its version
bumped (refusing a page rendered from an older version), the change named in
django-simple-history, and one TaskEvent for the task's timeline.

Concurrency: every write locks the task row (`select_for_update`), bumps
`version`, and, when the caller passes the version its form was rendered with,
refuses to act on a task changed since (StaleTaskError), so a stale page never
silently overwrites a newer change and two simultaneous posts cannot both pass.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core.history import record_actor
from indices.access import is_system_actor
from indices.models import Agency

from ...models import RemediationTask, TaskEvent, TaskEventKind


class StaleTaskError(ValidationError):
    """The task changed after the user's form was rendered."""

    def __init__(self, task: RemediationTask):
        self.task = task
        last = (
            task.events.select_related("actor").order_by("-created_at", "-pk").first()
        )
        if last is None:
            message = _(
                "This task was changed by someone else after you opened the page. "
                "Your input is kept below: check the task's current state and send it again."
            )
        else:
            message = _(
                "This task was changed after you opened the page (%(what)s by "
                "%(who)s at %(when)s). Your input is kept below: check the task's "
                "current state and send it again."
            ) % {
                "what": last.get_kind_display().lower(),
                "who": last.actor or _("the system"),
                "when": formats.date_format(
                    timezone.localtime(last.created_at), "SHORT_DATETIME_FORMAT"
                ),
            }
        super().__init__(message, code="stale")


def lock_task(task: RemediationTask, expected_version: int | None) -> RemediationTask:
    """The task's current row, locked until the transaction ends."""
    current = RemediationTask.objects.select_for_update().get(pk=task.pk)
    if expected_version is not None and current.version != expected_version:
        raise StaleTaskError(current)
    return current


def save_task(task: RemediationTask, *fields: str, actor=None) -> None:
    task.version += 1
    record_actor(task, actor)
    task.full_clean()
    task.save(update_fields=[*fields, "version", "updated_at"])


def record_event(
    task: RemediationTask, kind: TaskEventKind, actor, **values
) -> TaskEvent:
    """One step of the task's timeline. The system's own steps (the daily
    scan applying a reorganisation) name no person: the timeline shows them
    as done by the system."""
    if is_system_actor(actor):
        actor = None
    return TaskEvent.objects.create(task=task, kind=kind, actor=actor, **values)


def required_text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message}, code="required")
    return value


def move_task(
    task: RemediationTask, agency: Agency, actor, note: str, reorganisation=None
) -> RemediationTask:
    """Give a locked task to `agency` with a "reassigned" event; the caller has
    checked that `actor` may (a reassignment, a reorganisation)."""
    old = task.agency
    task.agency = agency
    save_task(task, "agency", actor=actor)
    record_event(
        task,
        TaskEventKind.REASSIGNED,
        actor,
        old_agency=old,
        note=note,
        reorganisation=reorganisation,
    )
    return task
