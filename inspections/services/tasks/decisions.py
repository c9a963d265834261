"""Sở Nội vụ's decisions on a task: verify or return the report, change the
deadline, reassign the task to another agency, cancel it."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.formatting import short_date
from indices.models import Agency

from ...models import (
    DeadlineBasis,
    Directive,
    RemediationTask,
    TaskEventKind,
    TaskStatus,
)
from ...policies.tasks import TaskAction, may_give_task_to, require_task_action
from .records import lock_task, move_task, record_event, required_text, save_task


@transaction.atomic
def task_verify(
    *, task: RemediationTask, actor, expected_version: int | None, note: str = ""
) -> RemediationTask:
    """Accept the agency's report: the task is verified (closed)."""
    task = lock_task(task, expected_version)
    require_task_action(actor, task, TaskAction.VERIFY)
    task.status = TaskStatus.VERIFIED
    task.verified_at = timezone.now()
    task.verified_by = actor
    save_task(task, "status", "verified_at", "verified_by", actor=actor)
    record_event(task, TaskEventKind.VERIFIED, actor, note=(note or "").strip())
    return task


@transaction.atomic
def task_return(
    *, task: RemediationTask, actor, expected_version: int | None, reason: str
) -> RemediationTask:
    """Send the report back with a reason; the task is in progress again."""
    task = lock_task(task, expected_version)
    require_task_action(actor, task, TaskAction.RETURN)
    reason = required_text(
        reason, "reason", _("Say why the report is returned, so the agency can fix it.")
    )
    task.status = TaskStatus.IN_PROGRESS
    task.submitted_at = None
    save_task(task, "status", "submitted_at", actor=actor)
    record_event(task, TaskEventKind.RETURNED, actor, note=reason)
    return task


@transaction.atomic
def task_deadline_change(
    *,
    task: RemediationTask,
    actor,
    expected_version: int | None,
    new_deadline: datetime.date,
    reason: str,
    granted_by_chair: bool = False,
    directive: Directive | None = None,
    directive_reference: str = "",
) -> RemediationTask:
    """Move the deadline (Sở Nội vụ only), keeping before/after in the timeline.

    A reason is required; an extension the chair granted must name the
    directive (a recorded Directive or a free-text document reference).
    """
    task = lock_task(task, expected_version)
    require_task_action(actor, task, TaskAction.DEADLINE)
    reason = required_text(reason, "reason", _("Give the reason for the change."))
    directive_reference = (directive_reference or "").strip()
    if granted_by_chair and directive is None and not directive_reference:
        raise ValidationError(
            {
                "directive_reference": _(
                    "The chair granted this change: choose the directive or type its "
                    "number and date."
                )
            },
            code="required",
        )
    if new_deadline == task.deadline:
        raise ValidationError(
            {"new_deadline": _("The new deadline is the same as the current one.")},
            code="unchanged",
        )
    if new_deadline < task.start_date:
        raise ValidationError(
            {
                "new_deadline": _(
                    "The deadline cannot be before the start date %(start)s."
                )
                % {"start": short_date(task.start_date)}
            },
            code="before_start",
        )
    old = task.deadline
    task.deadline = new_deadline
    task.deadline_basis = DeadlineBasis.DATE
    task.deadline_days = None
    save_task(task, "deadline", "deadline_basis", "deadline_days", actor=actor)
    record_event(
        task,
        TaskEventKind.DEADLINE_CHANGED,
        actor,
        old_deadline=old,
        new_deadline=new_deadline,
        directive=directive,
        directive_reference=directive_reference,
        note=reason,
    )
    return task


@transaction.atomic
def task_reassign(
    *,
    task: RemediationTask,
    actor,
    expected_version: int | None,
    agency: Agency,
    reason: str,
) -> RemediationTask:
    """Give the task to another agency (Sở Nội vụ only), e.g. after a split."""
    task = lock_task(task, expected_version)
    require_task_action(actor, task, TaskAction.REASSIGN)
    reason = required_text(reason, "reason", _("Give the reason for the reassignment."))
    if agency.pk == task.agency_id:
        raise ValidationError(
            {"agency": _("The task already belongs to this agency.")}, code="unchanged"
        )
    today = timezone.localdate()
    if not agency.is_active_on(today) or not may_give_task_to(actor, agency):
        raise ValidationError(
            {"agency": _("Choose an agency that exists today.")}, code="inactive"
        )
    return move_task(task, agency, actor, reason)


@transaction.atomic
def task_cancel(
    *, task: RemediationTask, actor, expected_version: int | None, reason: str
) -> RemediationTask:
    """Cancel a task that is no longer needed (Sở Nội vụ only), with the reason."""
    task = lock_task(task, expected_version)
    require_task_action(actor, task, TaskAction.CANCEL)
    reason = required_text(reason, "reason", _("Give the reason for the cancellation."))
    task.status = TaskStatus.CANCELLED
    save_task(task, "status", actor=actor)
    record_event(task, TaskEventKind.CANCELLED, actor, note=reason)
    return task
