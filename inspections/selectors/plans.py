"""Reads of inspection plans, inspections and findings, narrowed per user.

Visibility (which agencies: `indices.access.scope_to_user`; who may do what:
`inspections.policies`):
- Sở Nội vụ staff and leadership (they see every agency) see every plan,
  inspection and finding.
- Agency staff see their own agency's inspections and findings, and no plan
  page: a plan lists other agencies. An unannounced inspection of their
  agency stays hidden from them until it has been conducted.

A visible finding is a finding of a visible inspection (`visible_findings`):
the finding pages and task creation from a finding use that one rule.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from core.policies import require
from core.search import text_search_q
from indices.access import scope_to_user
from indices.models import Agency, Framework, FrameworkNode

from ..models import (
    Finding,
    Inspection,
    InspectionKind,
    InspectionPlan,
    InspectionStatus,
    RemediationTask,
)
from ..policies.inspections import may_view_inspections, sees_unannounced_inspections
from ..policies.plans import may_view_plans

# --- Plans --------------------------------------------------------------------------


def plan_list_for_user(user) -> QuerySet[InspectionPlan]:
    """Every plan with its item counts; refused to users who may not see plans."""
    require(may_view_plans(user))
    return (
        InspectionPlan.objects.select_related("approved_by")
        .annotate(
            item_count=Count(
                "inspections",
                filter=~Q(inspections__status=InspectionStatus.CANCELLED),
            ),
            done_count=Count(
                "inspections",
                filter=Q(
                    inspections__status__in=[
                        InspectionStatus.CONDUCTED,
                        InspectionStatus.CONCLUDED,
                    ]
                ),
            ),
        )
        .order_by("-year")
    )


def plan_get_for_user(user, plan_id: int) -> InspectionPlan:
    """The plan (403 for users who may not see plans, 404 if missing)."""
    require(may_view_plans(user))
    return get_object_or_404(
        InspectionPlan.objects.select_related("approved_by"), pk=plan_id
    )


def plan_items(plan: InspectionPlan) -> QuerySet[Inspection]:
    """The plan's inspections in schedule order, with agency and finding counts."""
    return (
        plan.inspections.select_related("agency", "plan")
        .annotate(finding_count=Count("findings"))
        .order_by(
            "agency__group",
            "planned_month",
            "planned_date",
            "agency__name",
            "pk",
        )
    )


def plan_item_agency(agency_id: int) -> Agency:
    """The agency a suggestion adds to a plan (404 if it does not exist); the
    service then checks that it exists in the plan's year."""
    return get_object_or_404(Agency, pk=agency_id)


def ad_hoc_inspections_of_year(year: int) -> QuerySet[Inspection]:
    """Inspections of the year outside any plan (they count toward coverage)."""
    return (
        Inspection.objects.filter(year=year, plan__isnull=True)
        .select_related("agency")
        .order_by("agency__group", "agency__name", "pk")
    )


# --- Inspections -------------------------------------------------------------------


def _visible_inspections(user) -> QuerySet[Inspection]:
    if not may_view_inspections(user):
        return Inspection.objects.none()
    inspections = scope_to_user(Inspection.objects.all(), user)
    if not sees_unannounced_inspections(user):
        inspections = inspections.exclude(
            kind=InspectionKind.UNANNOUNCED,
            status__in=[InspectionStatus.PLANNED, InspectionStatus.CANCELLED],
        )
    return inspections


@dataclass(frozen=True)
class InspectionFilters:
    year: int | None = None
    agency_id: int | None = None
    group: str = ""
    kind: str = ""
    status: str = ""
    origin: str = ""  # "plan" or "ad_hoc"
    search: str = ""


def inspection_list_for_user(
    user, filters: InspectionFilters | None = None
) -> QuerySet[Inspection]:
    """Inspections the user may see, filtered; agency, plan and the number of
    findings preloaded."""
    f = filters or InspectionFilters()
    inspections = _visible_inspections(user)
    if f.year:
        inspections = inspections.filter(year=f.year)
    if f.agency_id:
        inspections = inspections.filter(agency_id=f.agency_id)
    if f.group:
        inspections = inspections.filter(agency__group=f.group)
    if f.kind:
        inspections = inspections.filter(kind=f.kind)
    if f.status:
        inspections = inspections.filter(status=f.status)
    if f.origin == "plan":
        inspections = inspections.filter(plan__isnull=False)
    elif f.origin == "ad_hoc":
        inspections = inspections.filter(plan__isnull=True)
    if f.search:
        inspections = inspections.filter(
            text_search_q(
                Inspection,
                [
                    "agency__name",
                    "agency__short_name",
                    "topics",
                    "team_lead",
                    "combined_with",
                    "conclusion_number",
                ],
                f.search,
            )
        )
    return (
        inspections.select_related("agency", "plan")
        .annotate(finding_count=Count("findings"))
        .order_by("-year", "agency__group", "agency__name", "planned_month", "pk")
    )


def inspection_years_for_user(user) -> list[int]:
    return list(
        _visible_inspections(user)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


def inspection_get_for_user(user, inspection_id: int) -> Inspection:
    """The inspection with agency, plan and findings (their nodes) preloaded;
    404 when missing or not visible to the user."""
    return get_object_or_404(
        _visible_inspections(user)
        .select_related("agency", "plan")
        .prefetch_related(
            Prefetch(
                "findings",
                queryset=Finding.objects.select_related("node").annotate(
                    task_count=Count("tasks")
                ),
            )
        ),
        pk=inspection_id,
    )


def inspection_history(inspection: Inspection, *, limit: int = 50) -> list:
    """The inspection's recorded versions, newest first, with who changed it."""
    return list(
        inspection.history.select_related("history_user").order_by(
            "-history_date", "-history_id"
        )[:limit]
    )


# --- Findings -----------------------------------------------------------------------


def visible_findings(user) -> QuerySet[Finding]:
    """Findings the user may see: those of the inspections they may see."""
    return Finding.objects.filter(inspection__in=_visible_inspections(user))


def finding_get_for_user(user, finding_id: int) -> Finding:
    """The finding with its inspection, agency, node and remediation tasks;
    404 when missing or its inspection is not visible to the user."""
    return get_object_or_404(
        visible_findings(user)
        .select_related("inspection__agency", "inspection__plan", "node")
        .prefetch_related(
            Prefetch(
                "tasks",
                queryset=scope_to_user(
                    RemediationTask.objects.select_related("agency"),
                    user,
                ).order_by("deadline", "pk"),
            )
        ),
        pk=finding_id,
    )


def finding_framework(inspection: Inspection) -> Framework | None:
    """The framework findings of this inspection may refer to: the one of the
    inspection's year for the agency's group."""
    return Framework.objects.filter(
        year=inspection.year, group=inspection.agency.group
    ).first()


def finding_node_choices(framework: Framework | None) -> QuerySet[FrameworkNode]:
    if framework is None:
        return FrameworkNode.objects.none()
    return framework.nodes.order_by("order", "code")
