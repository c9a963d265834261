"""The agency's side of a task: progress reports, evidence files and the
submission of the remediation report for verification."""

from __future__ import annotations

import os

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.uploads import EVIDENCE_KINDS, check_upload

from ...models import Evidence, RemediationTask, TaskEventKind, TaskStatus
from ...policies.tasks import TaskAction, require_task_action
from .records import lock_task, record_event, required_text, save_task


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
    task = lock_task(task, expected_version)
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
    save_task(task, "progress_percent", "status", actor=actor)
    record_event(
        task, TaskEventKind.PROGRESS, actor, progress_percent=percent, note=note
    )
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
    task = lock_task(task, expected_version)
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
    save_task(task, actor=actor)
    record_event(task, TaskEventKind.EVIDENCE, actor, note=evidence.original_name)
    return evidence


@transaction.atomic
def task_evidence_remove(*, evidence: Evidence, actor) -> RemediationTask:
    """Remove an evidence file uploaded by mistake, before the task is submitted.

    Allowed to whoever may upload evidence for the task; the timeline keeps the
    file's name; the stored file is deleted once the removal is committed.
    """
    task = lock_task(evidence.task, None)
    require_task_action(actor, task, TaskAction.EVIDENCE)
    name, stored = evidence.original_name, evidence.file.name
    storage = evidence.file.storage
    evidence.delete()
    save_task(task, actor=actor)
    record_event(task, TaskEventKind.EVIDENCE_REMOVED, actor, note=name)
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
    task = lock_task(task, expected_version)
    require_task_action(actor, task, TaskAction.SUBMIT)
    report = required_text(
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
    save_task(task, "report", "status", "submitted_at", "progress_percent", actor=actor)
    record_event(
        task, TaskEventKind.SUBMITTED, actor, progress_percent=100, note=report
    )
    return task
