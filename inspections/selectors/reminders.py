"""Reads behind reminders: the weekly digest's list."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count

from ..models import RemediationTask


@dataclass
class DigestAgency:
    agency_id: int
    name: str
    count: int
    tasks: list[dict] = field(default_factory=list)


@dataclass
class DigestOverview:
    total: int
    agencies: list[DigestAgency]
    listed: int

    @property
    def truncated(self) -> bool:
        return self.listed < self.total


def overdue_digest_overview(
    *, overdue_before: datetime.date, today: datetime.date, limit: int
) -> DigestOverview:
    """Pending tasks with a deadline before `overdue_before`, grouped by agency.

    Every agency is counted in full; at most `limit` tasks are listed (the
    longest overdue of each agency first), so one e-mail stays readable and
    memory stays bounded. Three queries.
    """
    tasks = RemediationTask.objects.pending().filter(deadline__lt=overdue_before)
    counts = list(
        tasks.values("agency_id", "agency__name")
        .annotate(count=Count("pk"))
        .order_by("-count", "agency__name")
    )
    agencies = {
        row["agency_id"]: DigestAgency(
            row["agency_id"], row["agency__name"], row["count"]
        )
        for row in counts
    }
    listed = 0
    for row in tasks.order_by("agency__name", "deadline", "pk").values(
        "pk", "title", "deadline", "status", "agency_id", "directive__number"
    )[:limit]:
        row["days_overdue"] = (today - row["deadline"]).days
        agencies[row["agency_id"]].tasks.append(row)
        listed += 1
    return DigestOverview(
        total=sum(a.count for a in agencies.values()),
        agencies=list(agencies.values()),
        listed=listed,
    )
