"""Inspection coverage of a year, per agency group, and suggestions to raise it.

The rule, for the plan of year Y (also stated on the plan page):

- The agencies *in scope* of a group are those of the group active on the
  plan's reference date (its approval date; for a draft plan today, kept
  within year Y), plus any agency of the group that had an inspection (not
  cancelled) in Y on a day it was active.
- An inspection counts on its start date, else its planned date, else the
  15th of its planned month; an unscheduled one counts on the reference date.
- An agency is *covered* when it has at least one such inspection of any kind
  (combined inspections and ad hoc inspections outside the plan included).
  *Planned* coverage counts planned, conducted and concluded inspections;
  *achieved* coverage counts conducted and concluded ones only.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.formatting import percent as format_percent
from indices.models import Agency, AgencyGroup, Assessment

from ..models import (
    DEFAULT_COVERAGE_TARGET,
    Inspection,
    InspectionPlan,
    InspectionStatus,
    RemediationTask,
)
from ..models.plans import inspection_day

HUNDRED = Decimal("100")
TWO_PLACES = Decimal("0.01")
DONE_STATUSES = (InspectionStatus.CONDUCTED, InspectionStatus.CONCLUDED)


def percent_of(part: int, whole: int) -> Decimal | None:
    """part ÷ whole × 100, two places, half-up; None when there is no whole."""
    if not whole:
        return None
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(
        TWO_PLACES, rounding=ROUND_HALF_UP
    )


def agencies_required(target_percent: Decimal, agencies: int) -> int:
    """The fewest agencies whose share reaches the target (rounded up)."""
    return math.ceil(Decimal(target_percent) * agencies / HUNDRED)


@dataclass(frozen=True)
class GroupCoverage:
    """Coverage of one agency group (or of all groups, for the overall row)."""

    group: str
    label: str
    target_percent: Decimal
    agencies: int  # in scope
    planned: int  # covered by planned, conducted or concluded inspections
    achieved: int  # covered by conducted or concluded inspections
    required: int  # agencies needed to reach the target

    @property
    def planned_percent(self) -> Decimal | None:
        return percent_of(self.planned, self.agencies)

    @property
    def achieved_percent(self) -> Decimal | None:
        return percent_of(self.achieved, self.agencies)

    @property
    def planned_met(self) -> bool:
        return self.planned >= self.required

    @property
    def achieved_met(self) -> bool:
        return self.achieved >= self.required

    @property
    def planned_shortfall(self) -> int:
        return max(0, self.required - self.planned)

    @property
    def achieved_shortfall(self) -> int:
        return max(0, self.required - self.achieved)


@dataclass(frozen=True)
class Coverage:
    year: int
    reference_date: datetime.date
    groups: list[GroupCoverage]
    # Per group: ids of agencies in scope, covered (planned) and achieved.
    scope_ids: dict[str, set[int]] = field(repr=False)
    planned_ids: dict[str, set[int]] = field(repr=False)
    achieved_ids: dict[str, set[int]] = field(repr=False)

    @property
    def overall(self) -> GroupCoverage:
        """All groups together; its target is the groups' targets weighted by
        their number of agencies."""
        agencies = sum(g.agencies for g in self.groups)
        weighted = sum((g.target_percent * g.agencies for g in self.groups), Decimal())
        target = (
            (weighted / agencies).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
            if agencies
            else DEFAULT_COVERAGE_TARGET
        )
        return GroupCoverage(
            group="",
            label="",
            target_percent=target,
            agencies=agencies,
            planned=sum(g.planned for g in self.groups),
            achieved=sum(g.achieved for g in self.groups),
            required=sum(g.required for g in self.groups),
        )

    @property
    def planned_met(self) -> bool:
        return all(g.planned_met for g in self.groups)

    @property
    def shortfalls(self) -> list[GroupCoverage]:
        """Groups whose planned coverage is below target."""
        return [g for g in self.groups if not g.planned_met]

    def chart_data(self) -> list[dict]:
        """Plain numbers for the gauges drawn by static/js/coverage_gauge.js."""
        rows = []
        for g in self.groups:
            for kind, value in (
                ("planned", g.planned_percent),
                ("achieved", g.achieved_percent),
            ):
                rows.append(
                    {
                        "id": f"gauge-{g.group}-{kind}",
                        "value": float(value or 0),
                        "target": float(g.target_percent),
                    }
                )
        return rows


def plan_reference_date(
    plan: InspectionPlan, *, today: datetime.date | None = None
) -> datetime.date:
    """The approval date of an approved plan; for a draft, today kept within
    the plan's year (so a past year's draft is not judged against agencies
    created or dissolved since)."""
    if plan.is_approved and plan.approved_on:
        return plan.approved_on
    return year_reference_date(plan.year, today=today)


def year_reference_date(
    year: int, *, today: datetime.date | None = None
) -> datetime.date:
    today = today or timezone.localdate()
    return min(max(today, datetime.date(year, 1, 1)), datetime.date(year, 12, 31))


def plan_targets(plan: InspectionPlan) -> dict[str, Decimal]:
    return dict(plan.targets.values_list("group", "target_percent"))


def coverage_for_year(
    year: int,
    *,
    reference_date: datetime.date,
    targets: Mapping[str, Decimal] | None = None,
) -> Coverage:
    """Coverage of `year` by group, following the rule in the module docstring.

    Groups reported: those with a target, and those with agencies in scope
    (default target when none is set). Two queries.
    """
    targets = dict(targets or {})
    scope: dict[str, set[int]] = {}
    for agency_id, group in Agency.objects.active_on(reference_date).values_list(
        "pk", "group"
    ):
        scope.setdefault(group, set()).add(agency_id)
    planned: dict[str, set[int]] = {}
    achieved: dict[str, set[int]] = {}
    rows = (
        Inspection.objects.filter(year=year)
        .exclude(status=InspectionStatus.CANCELLED)
        .values_list(
            "agency_id",
            "agency__group",
            "agency__active_from",
            "agency__active_to",
            "status",
            "start_date",
            "planned_date",
            "planned_month",
        )
    )
    for (
        agency_id,
        group,
        active_from,
        active_to,
        status,
        start_date,
        planned_date,
        planned_month,
    ) in rows:
        day = (
            inspection_day(
                year=year,
                start_date=start_date,
                planned_date=planned_date,
                planned_month=planned_month,
            )
            or reference_date
        )
        if (active_from and day < active_from) or (active_to and day > active_to):
            continue  # the agency did not exist on that day
        scope.setdefault(group, set()).add(agency_id)
        planned.setdefault(group, set()).add(agency_id)
        if status in DONE_STATUSES:
            achieved.setdefault(group, set()).add(agency_id)
    groups = []
    for group, label in AgencyGroup.choices:
        if group not in targets and not scope.get(group):
            continue
        target = Decimal(targets.get(group, DEFAULT_COVERAGE_TARGET))
        agencies = len(scope.get(group, ()))
        groups.append(
            GroupCoverage(
                group=group,
                label=str(label),
                target_percent=target,
                agencies=agencies,
                planned=len(planned.get(group, ())),
                achieved=len(achieved.get(group, ())),
                required=agencies_required(target, agencies),
            )
        )
    return Coverage(
        year=year,
        reference_date=reference_date,
        groups=groups,
        scope_ids=scope,
        planned_ids=planned,
        achieved_ids=achieved,
    )


def plan_coverage(
    plan: InspectionPlan,
    *,
    today: datetime.date | None = None,
    reference_date: datetime.date | None = None,
) -> Coverage:
    """Coverage of the plan's year against the plan's targets."""
    return coverage_for_year(
        plan.year,
        reference_date=reference_date or plan_reference_date(plan, today=today),
        targets=plan_targets(plan),
    )


# --- Suggestions -------------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    """An agency that would raise the plan's coverage, with why it comes first."""

    agency: Agency
    index_year: int
    last_year_percent: Decimal | None
    lowest_in_group: bool
    last_inspected_on: datetime.date | None
    overdue_tasks: int

    @property
    def reasons(self) -> list[str]:
        """Why the agency is suggested, in words, one per priority rule."""
        if self.last_year_percent is None:
            index = _("No index for %(year)s") % {"year": self.index_year}
        else:
            index = _("Index %(year)s: %(percent)s") % {
                "year": self.index_year,
                "percent": format_percent(self.last_year_percent),
            }
            if self.lowest_in_group:
                index = _("%(index)s (lowest in the group)") % {"index": index}
        if self.last_inspected_on is None:
            inspected = _("Never inspected")
        else:
            inspected = _("Not inspected since %(year)s") % {
                "year": self.last_inspected_on.year
            }
        reasons = [index, inspected]
        if self.overdue_tasks:
            reasons.append(
                ngettext(
                    "%(count)s overdue task",
                    "%(count)s overdue tasks",
                    self.overdue_tasks,
                )
                % {"count": self.overdue_tasks}
            )
        return reasons

    def sort_key(self) -> tuple:
        # Lowest index first (agencies without one after); then never inspected,
        # then longest since the last inspection; then most overdue tasks.
        return (
            self.last_year_percent is None,
            self.last_year_percent or Decimal(),
            self.last_inspected_on is not None,
            self.last_inspected_on or datetime.date.min,
            -self.overdue_tasks,
            self.agency.name,
        )


def plan_suggestions(
    plan: InspectionPlan,
    *,
    coverage: Coverage | None = None,
    today: datetime.date | None = None,
) -> dict[str, list[Suggestion]]:
    """Per group, agencies in scope and active on the reference date that are
    not yet covered in the plan's year, in priority order.

    Priority: lowest index of the previous year (from `Assessment.percent`;
    agencies without one come after those with one), then longest since the
    last conducted inspection (never inspected first), then most remediation
    tasks overdue today. Four queries whatever the number of agencies.
    """
    today = today or timezone.localdate()
    coverage = coverage or plan_coverage(plan, today=today)
    candidates: dict[str, list[Agency]] = {}
    covered = set().union(*coverage.planned_ids.values())
    for agency in (
        Agency.objects.active_on(coverage.reference_date)
        .exclude(pk__in=covered)
        .only("pk", "name", "short_name", "group", "code")
        .order_by("name")
    ):
        candidates.setdefault(agency.group, []).append(agency)
    candidate_ids = [a.pk for agencies in candidates.values() for a in agencies]
    if not candidate_ids:
        return {}
    percents = _last_year_percents(plan.year - 1, candidates.keys())
    lowest = _lowest_per_group(percents)
    last_inspected = dict(
        Inspection.objects.filter(agency_id__in=candidate_ids, status__in=DONE_STATUSES)
        .values("agency_id")
        .annotate(last=Max("start_date"))
        .values_list("agency_id", "last")
    )
    overdue = dict(
        RemediationTask.objects.overdue(today)
        .filter(agency_id__in=candidate_ids)
        .values("agency_id")
        .annotate(n=Count("pk"))
        .values_list("agency_id", "n")
    )
    result = {}
    for group, agencies in candidates.items():
        suggestions = [
            Suggestion(
                agency=agency,
                index_year=plan.year - 1,
                last_year_percent=percents.get(agency.pk, (None, None))[1],
                lowest_in_group=agency.pk in lowest,
                last_inspected_on=last_inspected.get(agency.pk),
                overdue_tasks=overdue.get(agency.pk, 0),
            )
            for agency in agencies
        ]
        result[group] = sorted(suggestions, key=Suggestion.sort_key)
    return result


def _last_year_percents(
    year: int, groups: Iterable[str]
) -> dict[int, tuple[str, Decimal]]:
    """{agency id: (group, index %)} of the year's assessments with an index."""
    return {
        agency_id: (group, percent)
        for agency_id, group, percent in Assessment.objects.filter(
            year=year, agency__group__in=list(groups), percent__isnull=False
        ).values_list("agency_id", "agency__group", "percent")
    }


def _lowest_per_group(percents: dict[int, tuple[str, Decimal]]) -> set[int]:
    lowest: dict[str, Decimal] = {}
    for group, percent in percents.values():
        if group not in lowest or percent < lowest[group]:
            lowest[group] = percent
    return {
        agency_id
        for agency_id, (group, percent) in percents.items()
        if percent == lowest[group]
    }
