"""Tasks from a year's low-score flags: one per flagged node and agency."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from ...deadlines import resolve_deadline
from ...models import DeadlineBasis, RemediationTask, TaskSource
from ...policies.tasks import require_may_create_tasks
from ...selectors.tasks import LowScoreTaskItem, low_score_task_preview
from .creation import task_create


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
