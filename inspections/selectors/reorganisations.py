"""Reads about agency reorganisations as they concern remediation tasks: which
agency carries on a predecessor's work, and which open tasks a reorganisation
moves or leaves for manual reassignment."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from indices.models import Agency, Reorganisation, ReorganisationKind

from ..models import RemediationTask, TaskEvent, TaskEventKind, TaskStatus

# Tasks a reorganisation concerns: the agency still owes work, or Sở Nội vụ has
# not yet verified it.
OPEN_TASK_STATUSES = (TaskStatus.OPEN, TaskStatus.IN_PROGRESS, TaskStatus.SUBMITTED)
# Kinds whose work passes to a single successor automatically.
TRANSFERRING_KINDS = (ReorganisationKind.MERGE, ReorganisationKind.RENAME)


def single_successor(
    kind: str, predecessor_ids: Iterable[int], successor_ids: Iterable[int]
) -> int | None:
    """The agency that takes over automatically, or None (split, dissolution…)."""
    successors = set(successor_ids)
    if kind not in TRANSFERRING_KINDS or len(successors) != 1:
        return None
    (successor,) = successors
    return successor


@dataclass
class SuccessorResolver:
    """Finds the agency active on a day that carries on an agency's work.

    Built with one pass over the (small) reorganisation tables; follows chains
    of mergers and renames (A → B → C). Splits and dissolutions stop the chain.
    """

    next_of: dict[int, int] = field(default_factory=dict)
    agencies: dict[int, Agency] = field(default_factory=dict)

    @classmethod
    def load(cls) -> SuccessorResolver:
        preds: dict[int, set[int]] = {}
        succs: dict[int, set[int]] = {}
        for (
            event_id,
            agency_id,
        ) in Reorganisation.predecessors.through.objects.values_list(
            "reorganisation_id", "agency_id"
        ):
            preds.setdefault(event_id, set()).add(agency_id)
        for (
            event_id,
            agency_id,
        ) in Reorganisation.successors.through.objects.values_list(
            "reorganisation_id", "agency_id"
        ):
            succs.setdefault(event_id, set()).add(agency_id)
        next_of: dict[int, int] = {}
        for event_id, kind in Reorganisation.objects.order_by(
            "effective_date", "pk"
        ).values_list("pk", "kind"):
            successor = single_successor(
                kind, preds.get(event_id, ()), succs.get(event_id, ())
            )
            if successor is None:
                continue
            for predecessor in preds.get(event_id, ()):
                if predecessor != successor:
                    next_of[predecessor] = successor  # later events win
        agencies = Agency.objects.in_bulk(set(next_of.values()))
        return cls(next_of=next_of, agencies=agencies)

    def resolve(self, agency: Agency, day: datetime.date) -> Agency | None:
        """`agency` if it is active on `day`, else its successor active then, or None."""
        seen = set()
        current = agency
        while current is not None and not current.is_active_on(day):
            if current.pk in seen:
                return None
            seen.add(current.pk)
            next_id = self.next_of.get(current.pk)
            current = self.agencies.get(next_id) if next_id else None
        return current


@dataclass(frozen=True)
class TransferPreview:
    """What recording a reorganisation will do to the predecessors' open tasks."""

    successor: Agency | None
    to_move: list[RemediationTask]
    to_reassign: list[RemediationTask]


def open_tasks_of(agency_ids: Iterable[int]) -> QuerySet[RemediationTask]:
    """Open tasks of these agencies, unscoped: only for pages and services
    restricted to users who see every agency (Sở Nội vụ, leadership)."""
    return (
        RemediationTask.objects.filter(
            agency_id__in=list(agency_ids), status__in=OPEN_TASK_STATUSES
        )
        .select_related("agency")
        .order_by("agency__name", "deadline", "pk")
    )


def reorganisation_transfer_preview(
    *, kind: str, predecessors: Iterable[Agency], successors: Iterable[Agency]
) -> TransferPreview:
    """Open tasks that move to the single successor, or that wait for manual
    reassignment (splits, dissolutions, several successors)."""
    predecessors, successors = list(predecessors), list(successors)
    successor_id = single_successor(
        kind, (a.pk for a in predecessors), (a.pk for a in successors)
    )
    tasks = list(open_tasks_of(a.pk for a in predecessors if a.pk != successor_id))
    if successor_id is None:
        return TransferPreview(successor=None, to_move=[], to_reassign=tasks)
    successor = next(a for a in successors if a.pk == successor_id)
    return TransferPreview(successor=successor, to_move=tasks, to_reassign=[])


def reorganisation_tasks(reorganisation: Reorganisation) -> TransferPreview:
    """After the event: tasks it moved, and predecessors' open tasks still waiting."""
    moved = [
        event.task
        for event in TaskEvent.objects.filter(
            reorganisation=reorganisation, kind=TaskEventKind.REASSIGNED
        )
        .select_related("task__agency")
        .order_by("task__agency__name", "task__deadline", "task_id")
    ]
    predecessor_ids = list(reorganisation.predecessors.values_list("pk", flat=True))
    successor_ids = list(reorganisation.successors.values_list("pk", flat=True))
    successor_id = single_successor(reorganisation.kind, predecessor_ids, successor_ids)
    waiting = list(open_tasks_of(pk for pk in predecessor_ids if pk != successor_id))
    successor = Agency.objects.filter(pk=successor_id).first() if successor_id else None
    return TransferPreview(successor=successor, to_move=moved, to_reassign=waiting)


def reorganisation_get(reorganisation_id: int) -> Reorganisation:
    """The reorganisation with its predecessors and successors (404 if missing)."""
    return get_object_or_404(
        Reorganisation.objects.prefetch_related("predecessors", "successors"),
        pk=reorganisation_id,
    )
