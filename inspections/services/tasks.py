"""Every write on remediation tasks.

Creation from each source (finding, low-scoring node, directive), the agency's
workflow (progress, evidence, submission) and Sở Nội vụ's decisions (verify,
return, deadline change, reassignment, cancellation). Each operation records a
TaskEvent for the task's timeline; django-simple-history keeps the row versions.

Concurrency: every write locks the task row (`select_for_update`), bumps
`version`, and, when the caller passes the version its form was rendered with,
refuses to act on a task changed since (StaleTaskError), so a stale page never
silently overwrites a newer change and two simultaneous posts cannot both pass.
"""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import formats, timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from core.formatting import short_date
from core.uploads import EVIDENCE_KINDS, check_upload
from indices.access import can_act_for_agency
from indices.models import Agency

from ..deadlines import resolve_deadline
from ..models import (
    DeadlineBasis,
    Directive,
    Evidence,
    Finding,
    RemediationTask,
    TaskEvent,
    TaskEventKind,
    TaskSource,
    TaskStatus,
)
from ..policies.tasks import TaskAction, require_may_create_tasks, require_task_action
from ..selectors.reorganisations import SuccessorResolver
from ..selectors.tasks import LowScoreTaskItem, low_score_task_preview


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


def _lock(task: RemediationTask, expected_version: int | None) -> RemediationTask:
    """The task's current row, locked until the transaction ends."""
    current = RemediationTask.objects.select_for_update().get(pk=task.pk)
    if expected_version is not None and current.version != expected_version:
        raise StaleTaskError(current)
    return current


def _save(task: RemediationTask, *fields: str, actor=None) -> None:
    task.version += 1
    # simple-history records who made the change even outside a request.
    task._history_user = actor
    task.full_clean()
    task.save(update_fields=[*fields, "version", "updated_at"])


def _event(task: RemediationTask, kind: TaskEventKind, actor, **values) -> TaskEvent:
    return TaskEvent.objects.create(task=task, kind=kind, actor=actor, **values)


def _required_text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message}, code="required")
    return value


# --- Creation ------------------------------------------------------------------------------


@transaction.atomic
def task_create(
    *,
    agency: Agency,
    title: str,
    source: TaskSource | str,
    actor,
    start_date: datetime.date,
    deadline_basis: DeadlineBasis | str = DeadlineBasis.DATE,
    deadline_days: int | None = None,
    deadline: datetime.date | None = None,
    description: str = "",
    finding: Finding | None = None,
    node_score=None,
    directive: Directive | None = None,
    is_recurring: bool = False,
    requires_evidence: bool = True,
) -> RemediationTask:
    """Create a task for `agency` and record its "created" event.

    The deadline is a fixed date or `deadline_days` calendar/working days from
    `start_date`. The agency must exist on the start date (a merged agency's
    work goes to its successor). Sở Nội vụ staff only.
    """
    require_may_create_tasks(actor)
    # Active on the start date (a task recorded after the fact) or today (a
    # task on an old finding given to the agency that now carries it).
    if not (
        agency.is_active_on(start_date) or agency.is_active_on(timezone.localdate())
    ):
        raise ValidationError(
            {
                "agency": _(
                    "%(agency)s did not exist on %(day)s and does not exist today; "
                    "assign the task to the agency that carries on its work."
                )
                % {"agency": agency, "day": short_date(start_date)}
            },
            code="inactive",
        )
    task = RemediationTask(
        agency=agency,
        title=title.strip(),
        description=description.strip(),
        source=source,
        finding=finding,
        node_score=node_score,
        directive=directive,
        is_recurring=is_recurring,
        start_date=start_date,
        deadline_basis=deadline_basis,
        deadline_days=None if deadline_basis == DeadlineBasis.DATE else deadline_days,
        deadline=resolve_deadline(
            basis=deadline_basis,
            start_date=start_date,
            days=deadline_days,
            deadline=deadline,
        ),
        requires_evidence=requires_evidence,
        created_by=actor,
    )
    task._history_user = actor
    task.full_clean()
    task.save()
    _event(task, TaskEventKind.CREATED, actor, new_deadline=task.deadline)
    return task


def finding_task_defaults(
    finding: Finding, *, today: datetime.date | None = None
) -> dict:
    """Suggested values for a task from a finding.

    Start: the conclusion notice's date (else today); deadline:
    CCHC_REMEDIATION_WORKING_DAYS working days later; agency: the inspected
    agency or, if it was since merged or renamed, its successor.
    """
    today = today or timezone.localdate()
    inspection = finding.inspection
    start = inspection.conclusion_date or today
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Remedy: %(finding)s") % {
            "finding": Truncator(" ".join(finding.description.split())).chars(250)
        }
        parts = [_("Shortcoming: %(text)s") % {"text": finding.description}]
        if finding.recommendation:
            parts.append(
                _("Recommendation: %(text)s") % {"text": finding.recommendation}
            )
        if inspection.conclusion_number:
            parts.append(
                _("Conclusion notice %(number)s.")
                % {"number": inspection.conclusion_number}
            )
    # The work falls to whoever exists now: the inspected agency or its successor.
    agency = SuccessorResolver.load().resolve(inspection.agency, today)
    return {
        "agency": agency,
        "title": title,
        "description": "\n".join(parts),
        "start_date": start,
        "deadline_basis": DeadlineBasis.WORKING_DAYS,
        "deadline_days": settings.CCHC_REMEDIATION_WORKING_DAYS,
    }


def task_create_from_finding(*, finding: Finding, actor, **values) -> RemediationTask:
    """Create a task remedying an inspection finding.

    Values not given take `finding_task_defaults` (15 working days from the
    conclusion notice by default).
    """
    defaults = finding_task_defaults(finding)
    merged = {**defaults, **{k: v for k, v in values.items() if v is not None}}
    if merged["agency"] is None:
        raise ValidationError(
            {"agency": _("Choose the agency responsible for this task.")},
            code="required",
        )
    return task_create(
        source=TaskSource.FINDING, finding=finding, actor=actor, **merged
    )


def _low_score_text(item: LowScoreTaskItem, year: int) -> tuple[str, str]:
    score = item.node_score
    node = item.node

    def describe(ns) -> str:
        return _("%(level)s %(code)s (%(percent)s %%)") % {
            "level": ns.node.get_level_display().lower(),
            "code": ns.node.code,
            "percent": formats.number_format(ns.percent, 2)
            if ns.percent is not None
            else "–",
        }

    with translation.override(settings.LANGUAGE_CODE):
        title = _("Improve %(level)s %(code)s “%(name)s” (low score in %(year)s)") % {
            "level": node.get_level_display().lower(),
            "code": node.code,
            "name": Truncator(node.name).chars(180),
            "year": year,
        }
        lines = [
            _(
                "PAR index %(year)s of %(agency)s: %(points)s of %(max)s points "
                "(%(percent)s %%), below the framework's low-score threshold of "
                "%(threshold)s %%."
            )
            % {
                "year": year,
                "agency": score.assessment.agency,
                "points": formats.number_format(score.points, 2),
                "max": formats.number_format(score.applicable_max, 2),
                "percent": formats.number_format(score.percent, 2)
                if score.percent is not None
                else "–",
                "threshold": formats.number_format(
                    score.assessment.framework.low_score_threshold, 2
                ),
            }
        ]
        if item.also_low:
            lines.append(
                _("Also low: %(nodes)s.")
                % {"nodes": ", ".join(describe(ns) for ns in item.also_low)}
            )
        if item.low.recurring:
            lines.append(
                _("Recurring weakness: the same item was low the year before.")
            )
        if item.agency and item.agency.pk != score.assessment.agency_id:
            lines.append(
                _("Assigned to %(agency)s, which carries on the work of %(old)s.")
                % {"agency": item.agency, "old": score.assessment.agency}
            )
        lines.append(
            _(
                "Propose and carry out concrete measures, and report the result with evidence."
            )
        )
    return title, "\n".join(lines)


@dataclass(frozen=True)
class LowScoreTasksResult:
    created: list[RemediationTask]
    existing: int
    no_agency: int


def tasks_create_from_low_scores(
    *,
    year: int,
    actor,
    start_date: datetime.date,
    deadline_basis: DeadlineBasis | str,
    deadline_days: int | None = None,
    deadline: datetime.date | None = None,
    instructions: str = "",
) -> LowScoreTasksResult:
    """Create one task per flagged node per agency (see `low_score_task_preview`).

    `instructions` (optional) is appended to every task's description, e.g.
    how and by when to report.

    Safe to run again: nodes that already have a task are skipped, and a
    concurrent run that wins the race on a node (partial unique constraint on
    `node_score`) only makes that node count as existing.
    """
    require_may_create_tasks(actor)
    # Validate the deadline once, before creating anything.
    resolve_deadline(
        basis=deadline_basis,
        start_date=start_date,
        days=deadline_days,
        deadline=deadline,
    )
    with transaction.atomic():
        preview = low_score_task_preview(year=year, start_date=start_date)
        created, raced = [], 0
        for item in preview.to_create:
            title, description = _low_score_text(item, year)
            if instructions.strip():
                description = f"{description}\n{instructions.strip()}"
            try:
                with transaction.atomic():
                    created.append(
                        task_create(
                            agency=item.agency,
                            title=title,
                            description=description,
                            source=TaskSource.LOW_SCORE,
                            node_score=item.node_score,
                            is_recurring=item.low.recurring,
                            actor=actor,
                            start_date=start_date,
                            deadline_basis=deadline_basis,
                            deadline_days=deadline_days,
                            deadline=deadline,
                        )
                    )
            except (IntegrityError, ValidationError):
                # Another run created this node's task meanwhile: count it as
                # existing; anything else is a real error.
                if not RemediationTask.objects.filter(
                    node_score=item.node_score
                ).exists():
                    raise
                raced += 1
    return LowScoreTasksResult(
        created=created,
        existing=len(preview.existing) + raced,
        no_agency=len(preview.no_agency),
    )


# --- The agency's workflow ---------------------------------------------------------------


@transaction.atomic
def task_progress_report(
    *,
    task: RemediationTask,
    actor,
    expected_version: int | None,
    percent: int,
    note: str = "",
) -> RemediationTask:
    """Record progress (percent and note); an open task becomes "in progress"."""
    task = _lock(task, expected_version)
    require_task_action(actor, task, TaskAction.PROGRESS)
    note = (note or "").strip()
    if not 0 <= percent <= 100:
        raise ValidationError(
            {"percent": _("Enter a percentage from 0 to 100.")}, code="range"
        )
    if percent == task.progress_percent and not note:
        raise ValidationError(
            {"note": _("Describe what was done, or change the percentage.")},
            code="required",
        )
    task.progress_percent = percent
    task.status = TaskStatus.IN_PROGRESS
    _save(task, "progress_percent", "status", actor=actor)
    _event(task, TaskEventKind.PROGRESS, actor, progress_percent=percent, note=note)
    return task


@transaction.atomic
def task_evidence_add(
    *,
    task: RemediationTask,
    actor,
    upload: UploadedFile,
    description: str = "",
    expected_version: int | None = None,
) -> Evidence:
    """Store an evidence file (PDF, DOCX, XLSX, JPG, PNG up to EVIDENCE_MAX_BYTES).

    The type is checked from the content; the file goes to the private storage
    under its content hash. Adding a file does not overwrite anything, so it is
    accepted whatever version the page showed; it still bumps the version.
    """
    task = _lock(task, expected_version)
    require_task_action(actor, task, TaskAction.EVIDENCE)
    try:
        checked = check_upload(upload, kinds=EVIDENCE_KINDS)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}, code=error.code) from None
    duplicate = task.evidence.filter(sha256=checked.sha256).first()
    if duplicate is not None:
        raise ValidationError(
            {
                "file": _("This file was already uploaded as “%(name)s”.")
                % {"name": duplicate.original_name}
            },
            code="duplicate",
        )
    evidence = Evidence(
        task=task,
        original_name=os.path.basename(upload.name)[:255],
        content_type=checked.kind.content_type,
        size=checked.size,
        sha256=checked.sha256,
        description=(description or "").strip(),
        uploaded_by=actor,
    )
    evidence.file.save(checked.sha256, upload, save=False)
    evidence.full_clean()
    evidence.save()
    _save(task, actor=actor)
    _event(task, TaskEventKind.EVIDENCE, actor, note=evidence.original_name)
    return evidence


@transaction.atomic
def task_evidence_remove(*, evidence: Evidence, actor) -> RemediationTask:
    """Remove an evidence file uploaded by mistake, before the task is submitted.

    Allowed to whoever may upload evidence for the task; the timeline keeps the
    file's name; the stored file is deleted once the removal is committed.
    """
    task = _lock(evidence.task, None)
    require_task_action(actor, task, TaskAction.EVIDENCE)
    name, stored = evidence.original_name, evidence.file.name
    storage = evidence.file.storage
    evidence.delete()
    _save(task, actor=actor)
    _event(task, TaskEventKind.EVIDENCE_REMOVED, actor, note=name)
    transaction.on_commit(lambda: storage.delete(stored) if stored else None)
    return task


@transaction.atomic
def task_submit(
    *, task: RemediationTask, actor, expected_version: int | None, report: str
) -> RemediationTask:
    """Send the remediation report for verification.

    The report is required, and at least one evidence file unless the task
    was created as answered by a report alone (`requires_evidence` off).
    """
    task = _lock(task, expected_version)
    require_task_action(actor, task, TaskAction.SUBMIT)
    report = _required_text(
        report, "report", _("Write the remediation report before submitting.")
    )
    if task.requires_evidence and not task.evidence.exists():
        raise ValidationError(
            {
                "report": ValidationError(
                    _(
                        "Attach at least one evidence file before submitting: this "
                        "task requires evidence."
                    ),
                    code="evidence_missing",
                )
            }
        )
    task.report = report
    task.status = TaskStatus.SUBMITTED
    task.submitted_at = timezone.now()
    task.progress_percent = 100
    _save(task, "report", "status", "submitted_at", "progress_percent", actor=actor)
    _event(task, TaskEventKind.SUBMITTED, actor, progress_percent=100, note=report)
    return task


# --- Sở Nội vụ's decisions ---------------------------------------------------------------


@transaction.atomic
def task_verify(
    *, task: RemediationTask, actor, expected_version: int | None, note: str = ""
) -> RemediationTask:
    """Accept the agency's report: the task is verified (closed)."""
    task = _lock(task, expected_version)
    require_task_action(actor, task, TaskAction.VERIFY)
    task.status = TaskStatus.VERIFIED
    task.verified_at = timezone.now()
    task.verified_by = actor
    _save(task, "status", "verified_at", "verified_by", actor=actor)
    _event(task, TaskEventKind.VERIFIED, actor, note=(note or "").strip())
    return task


@transaction.atomic
def task_return(
    *, task: RemediationTask, actor, expected_version: int | None, reason: str
) -> RemediationTask:
    """Send the report back with a reason; the task is in progress again."""
    task = _lock(task, expected_version)
    require_task_action(actor, task, TaskAction.RETURN)
    reason = _required_text(
        reason, "reason", _("Say why the report is returned, so the agency can fix it.")
    )
    task.status = TaskStatus.IN_PROGRESS
    task.submitted_at = None
    _save(task, "status", "submitted_at", actor=actor)
    _event(task, TaskEventKind.RETURNED, actor, note=reason)
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
    task = _lock(task, expected_version)
    require_task_action(actor, task, TaskAction.DEADLINE)
    reason = _required_text(reason, "reason", _("Give the reason for the change."))
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
    _save(task, "deadline", "deadline_basis", "deadline_days", actor=actor)
    _event(
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


def _move(
    task: RemediationTask, agency: Agency, actor, note: str, reorganisation=None
) -> RemediationTask:
    old = task.agency
    task.agency = agency
    _save(task, "agency", actor=actor)
    _event(
        task,
        TaskEventKind.REASSIGNED,
        actor,
        old_agency=old,
        note=note,
        reorganisation=reorganisation,
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
    task = _lock(task, expected_version)
    require_task_action(actor, task, TaskAction.REASSIGN)
    reason = _required_text(
        reason, "reason", _("Give the reason for the reassignment.")
    )
    if agency.pk == task.agency_id:
        raise ValidationError(
            {"agency": _("The task already belongs to this agency.")}, code="unchanged"
        )
    today = timezone.localdate()
    if not agency.is_active_on(today) or not can_act_for_agency(actor, agency.pk):
        raise ValidationError(
            {"agency": _("Choose an agency that exists today.")}, code="inactive"
        )
    return _move(task, agency, actor, reason)


@transaction.atomic
def task_cancel(
    *, task: RemediationTask, actor, expected_version: int | None, reason: str
) -> RemediationTask:
    """Cancel a task that is no longer needed (Sở Nội vụ only), with the reason."""
    task = _lock(task, expected_version)
    require_task_action(actor, task, TaskAction.CANCEL)
    reason = _required_text(
        reason, "reason", _("Give the reason for the cancellation.")
    )
    task.status = TaskStatus.CANCELLED
    _save(task, "status", actor=actor)
    _event(task, TaskEventKind.CANCELLED, actor, note=reason)
    return task
