"""Creating remediation tasks: the one write path (`task_create`) and the
task remedying an inspection finding."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from core.formatting import short_date
from core.history import record_actor
from indices.models import Agency

from ...deadlines import resolve_deadline
from ...models import (
    DeadlineBasis,
    Directive,
    Finding,
    RemediationTask,
    TaskEventKind,
    TaskSource,
)
from ...policies.tasks import require_may_create_tasks
from ...selectors.reorganisations import SuccessorResolver
from .records import record_event


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
    record_actor(task, actor)
    task.full_clean()
    task.save()
    record_event(task, TaskEventKind.CREATED, actor, new_deadline=task.deadline)
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
