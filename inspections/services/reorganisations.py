"""Reorganising agencies, as far as remediation tasks are concerned.

The agency registry itself (validity dates, predecessor/successor links) is
written by `indices.services.reorganisation_record`; this module adds what
follows for tasks: open tasks (open, in progress, submitted) move to the single
successor on a merger or rename; after a split or a dissolution they stay put
and are listed for Sở Nội vụ to reassign by hand. A reorganisation recorded
ahead of its effective date moves nothing until that day: the predecessors
still exist and keep their work; the daily scan then applies it
(`reorganisations_apply_due`).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.formatting import short_date
from indices import services as indices_services
from indices.models import Agency, Reorganisation

from ..models import RemediationTask
from ..policies.reorganisations import require_may_reorganise_agencies
from ..selectors.reorganisations import open_tasks_of, single_successor
from .tasks.records import move_task


@dataclass(frozen=True)
class TaskTransfer:
    moved: list[RemediationTask]
    to_reassign: list[RemediationTask]
    # Recorded ahead of its effective date: the move happens on that day.
    scheduled_for: datetime.date | None = None


@transaction.atomic
def tasks_transfer_to_successor(
    *, reorganisation: Reorganisation, actor
) -> TaskTransfer:
    """Move the predecessors' open tasks to the reorganisation's single successor.

    Each moved task gets a "reassigned" event naming the previous agency and
    the reorganisation. Running it again moves nothing new. Returns the moved
    tasks and those left for manual reassignment (split, dissolution, several
    successors).
    """
    require_may_reorganise_agencies(actor)
    return _transfer(reorganisation, actor)


def _transfer(reorganisation: Reorganisation, actor) -> TaskTransfer:
    predecessor_ids = list(reorganisation.predecessors.values_list("pk", flat=True))
    successor_ids = list(reorganisation.successors.values_list("pk", flat=True))
    successor_id = single_successor(reorganisation.kind, predecessor_ids, successor_ids)
    candidates = list(open_tasks_of(pk for pk in predecessor_ids if pk != successor_id))
    if successor_id is None:
        return TaskTransfer(moved=[], to_reassign=candidates)
    successor = Agency.objects.get(pk=successor_id)
    with translation.override(settings.LANGUAGE_CODE):
        note = _("Transferred to %(agency)s: %(kind)s effective %(day)s%(basis)s.") % {
            "agency": successor,
            "kind": reorganisation.get_kind_display().lower(),
            "day": short_date(reorganisation.effective_date),
            "basis": f" ({reorganisation.decision_reference})"
            if reorganisation.decision_reference
            else "",
        }
    moved = []
    for task in (
        RemediationTask.objects.select_for_update()
        .filter(pk__in=[t.pk for t in candidates])
        .order_by("pk")
    ):
        moved.append(
            move_task(task, successor, actor, note, reorganisation=reorganisation)
        )
    return TaskTransfer(moved=moved, to_reassign=[])


@transaction.atomic
def agency_reorganise(
    *,
    kind: str,
    effective_date: datetime.date,
    predecessors: Iterable[Agency],
    successors: Iterable[Agency],
    decision_reference: str = "",
    note: str = "",
    actor,
) -> tuple[Reorganisation, TaskTransfer]:
    """Record a merger, split, rename or dissolution and move the open tasks.

    The registry side is `indices.services.reorganisation_record`; both happen
    in one transaction, so a refused reorganisation moves no task.
    """
    require_may_reorganise_agencies(actor)
    reorganisation = indices_services.reorganisation_record(
        kind=kind,
        effective_date=effective_date,
        predecessors=list(predecessors),
        successors=list(successors),
        decision_reference=decision_reference,
        note=note,
        actor=actor,
    )
    if effective_date > timezone.localdate():
        return reorganisation, TaskTransfer(
            moved=[], to_reassign=[], scheduled_for=effective_date
        )
    return reorganisation, tasks_transfer_to_successor(
        reorganisation=reorganisation, actor=actor
    )


@transaction.atomic
def reorganisations_apply_due(*, today: datetime.date, actor) -> list[TaskTransfer]:
    """Move the open tasks of every reorganisation in effect by `today`.

    Run by the daily scan (as the system actor), so a reorganisation recorded
    in advance takes over the tasks on its effective date. Idempotent: tasks
    already moved are not moved again. The system's moves name no person on
    the tasks' timelines.
    """
    require_may_reorganise_agencies(actor)
    return [
        transfer
        for reorganisation in Reorganisation.objects.filter(
            effective_date__lte=today
        ).order_by("effective_date", "pk")
        if (transfer := _transfer(reorganisation, actor)).moved
    ]
