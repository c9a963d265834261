"""Reads of the agency registry, narrowed to what the user may see."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from core.search import text_search_q

from ..access import agencies_visible_to
from ..models import Agency, Reorganisation


def agency_list_for_user(
    user, *, search: str = "", group: str = "", active_on: datetime.date | None = None
) -> QuerySet[Agency]:
    """Agencies the user may see, optionally filtered by name/code, group and date."""
    agencies = agencies_visible_to(user)
    if search:
        agencies = agencies.filter(
            text_search_q(Agency, ["name", "short_name", "code"], search)
        )
    if group:
        agencies = agencies.filter(group=group)
    if active_on:
        agencies = agencies.active_on(active_on)
    return agencies.order_by("group", "name")


def agency_get_for_user(user, agency_id: int) -> Agency:
    """The agency, or 404 when it does not exist or the user may not see it."""
    return get_object_or_404(
        agencies_visible_to(user).select_related("snv_liaison"), pk=agency_id
    )


def agencies_active_in_year(year: int) -> QuerySet[Agency]:
    return Agency.objects.active_in_year(year)


def agencies_active_on(day: datetime.date) -> QuerySet[Agency]:
    return Agency.objects.active_on(day)


def agency_reorganisations(agency: Agency) -> list[Reorganisation]:
    """Events the agency took part in, newest first, each with its
    predecessors and successors preloaded (three queries)."""
    agencies = Agency.objects.order_by("name")
    return list(
        Reorganisation.objects.filter(Q(predecessors=agency) | Q(successors=agency))
        .distinct()
        .prefetch_related(
            Prefetch("predecessors", queryset=agencies),
            Prefetch("successors", queryset=agencies),
        )
        .order_by("-effective_date", "-pk")
    )


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime.datetime
    user: object
    kind: str  # "+", "~", "-"
    reason: str
    changed: list[str]  # verbose names of the fields that changed


def agency_change_history(agency: Agency, *, limit: int = 20) -> list[HistoryEntry]:
    """The agency's last changes with the fields each changed (one query)."""
    records = list(
        agency.history.select_related("history_user").order_by("-history_date")[
            : limit + 1
        ]
    )
    tracked = [
        f
        for f in Agency._meta.fields
        if f.name not in {"id", "created_at", "updated_at"}
    ]
    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changed = (
            [
                str(f.verbose_name)
                for f in tracked
                if getattr(record, f.attname) != getattr(previous, f.attname)
            ]
            if previous is not None
            else []
        )
        entries.append(
            HistoryEntry(
                when=record.history_date,
                user=record.history_user,
                kind=record.history_type,
                reason=record.history_change_reason or "",
                changed=changed,
            )
        )
    return entries
