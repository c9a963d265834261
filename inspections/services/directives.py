"""Writes on the chair's directives (văn bản chỉ đạo) and the tasks they assign."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.policies import require
from core.uploads import DOCUMENT_KINDS, check_upload
from indices.models import Agency

from ..models import DeadlineBasis, Directive, TaskSource
from ..models.tasks import DEFAULT_DIRECTIVE_SIGNER
from ..policies.directives import may_assign_directive_tasks, require_may_add_directive
from .tasks import task_create


@dataclass(frozen=True)
class DirectiveAssignment:
    """One line of a directive: a task for one agency with its deadline."""

    agency: Agency
    title: str
    deadline_basis: DeadlineBasis | str = DeadlineBasis.DATE
    deadline_days: int | None = None
    deadline: datetime.date | None = None
    description: str = ""
    requires_evidence: bool = True


def _checked_document(upload: UploadedFile):
    try:
        return check_upload(upload, kinds=DOCUMENT_KINDS)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}, code=error.code) from None


def _store_file(directive: Directive, upload: UploadedFile, checked=None) -> None:
    checked = checked or _checked_document(upload)
    name = slugify(directive.number.replace("/", "-")) or "van-ban"
    directive.file.save(f"{name}.{checked.kind.extension}", upload, save=False)


@transaction.atomic
def directive_tasks_assign(
    *, directive: Directive, assignments: Iterable[DirectiveAssignment], actor
) -> list:
    """Create one remediation task per assignment, sourced from the directive.

    Deadlines in days are counted from the directive's date.
    """
    require(may_assign_directive_tasks(actor, directive))
    tasks = []
    for number, line in enumerate(assignments, start=1):
        try:
            tasks.append(
                task_create(
                    agency=line.agency,
                    title=line.title,
                    description=line.description,
                    source=TaskSource.DIRECTIVE,
                    directive=directive,
                    actor=actor,
                    start_date=directive.issued_on,
                    deadline_basis=line.deadline_basis,
                    deadline_days=line.deadline_days,
                    deadline=line.deadline,
                    requires_evidence=line.requires_evidence,
                )
            )
        except ValidationError as error:
            # Name the line, so a form set can point at the right row.
            raise ValidationError(
                _("Assignment %(number)s (%(agency)s): %(errors)s")
                % {
                    "number": number,
                    "agency": line.agency,
                    "errors": " ".join(error.messages),
                },
                code="assignment",
            ) from None
    return tasks


@transaction.atomic
def directive_create(
    *,
    number: str,
    issued_on: datetime.date,
    summary: str,
    actor,
    signer: str = DEFAULT_DIRECTIVE_SIGNER,
    file: UploadedFile | None = None,
    assignments: Iterable[DirectiveAssignment] = (),
) -> Directive:
    """Record a directive, its document file (PDF or DOCX, private) and the
    tasks it assigns. At least one assignment is required."""
    require_may_add_directive(actor)
    assignments = list(assignments)
    if not assignments:
        raise ValidationError(
            _("Add at least one agency with its task and deadline."), code="required"
        )
    directive = Directive(
        number=number.strip(),
        issued_on=issued_on,
        signer=(signer or DEFAULT_DIRECTIVE_SIGNER).strip(),
        summary=summary.strip(),
    )
    directive.full_clean(exclude=["file"])
    checked = _checked_document(file) if file is not None else None
    directive.save()
    directive_tasks_assign(directive=directive, assignments=assignments, actor=actor)
    # The file is written last: a refused assignment leaves no orphan file.
    if file is not None:
        _store_file(directive, file, checked)
        directive.save(update_fields=["file", "updated_at"])
    return directive
