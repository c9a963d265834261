"""Yearly inspection plans: create, edit, set coverage targets, add items, approve."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.formatting import percent as format_percent
from core.history import record_actor
from indices.models import Agency, AgencyGroup

from ..models import (
    DEFAULT_COVERAGE_TARGET,
    CoverageTarget,
    Inspection,
    InspectionKind,
    InspectionPlan,
    InspectionStatus,
    PlanStatus,
)
from ..policies.plans import require_may_approve_plans, require_may_manage_plans
from ..selectors.coverage import plan_coverage
from .schedule import planned_inspection_save


@transaction.atomic
def plan_create(
    *,
    year: int,
    actor,
    title: str = "",
    document_number: str = "",
    document_date: datetime.date | None = None,
    note: str = "",
    is_illustrative: bool = False,
) -> InspectionPlan:
    """Create a draft plan with the default coverage target for every group
    that has agencies in the year."""
    require_may_manage_plans(actor)
    plan = InspectionPlan(
        year=year,
        title=title,
        document_number=document_number,
        document_date=document_date,
        note=note,
        is_illustrative=is_illustrative,
    )
    plan.full_clean()
    record_actor(plan, actor)
    plan.save()
    groups = (
        Agency.objects.active_in_year(year)
        .order_by("group")
        .values_list("group", flat=True)
        .distinct()
    )
    CoverageTarget.objects.bulk_create(
        CoverageTarget(plan=plan, group=group, target_percent=DEFAULT_COVERAGE_TARGET)
        for group in groups
    )
    return plan


@transaction.atomic
def plan_update(
    *,
    plan: InspectionPlan,
    actor,
    title: str,
    document_number: str,
    document_date: datetime.date | None,
    note: str,
) -> InspectionPlan:
    """Change the plan's title, document reference and note (not its year)."""
    require_may_manage_plans(actor)
    plan.title = title
    plan.document_number = document_number
    plan.document_date = document_date
    plan.note = note
    plan.full_clean()
    record_actor(plan, actor)
    plan.save(
        update_fields=[
            "title",
            "document_number",
            "document_date",
            "note",
            "updated_at",
        ]
    )
    return plan


@transaction.atomic
def plan_targets_set(
    *, plan: InspectionPlan, targets: Mapping[str, Decimal], actor
) -> list[CoverageTarget]:
    """Set the coverage target (percent of the group's agencies) per group.

    Refused once the plan is approved: its approval was checked against the
    targets in force.
    """
    require_may_manage_plans(actor)
    if plan.is_approved:
        raise ValidationError(
            _("The targets of an approved plan cannot be changed."), code="approved"
        )
    errors = {}
    saved = []
    for group, value in targets.items():
        if group not in AgencyGroup.values:
            errors[group] = _("Unknown agency group “%(group)s”.") % {"group": group}
            continue
        try:
            value = Decimal(value)
        except (InvalidOperation, TypeError):
            errors[group] = _("Enter a number between 0 and 100.")
            continue
        target = CoverageTarget.objects.filter(plan=plan, group=group).first()
        target = target or CoverageTarget(plan=plan, group=group)
        target.target_percent = value
        try:
            target.full_clean()
        except ValidationError as error:
            errors[group] = error.message_dict.get("target_percent", error.messages)
            continue
        target.save()
        saved.append(target)
    if errors:
        raise ValidationError(errors)
    return saved


@transaction.atomic
def plan_approve(
    *, plan: InspectionPlan, actor, approved_on: datetime.date
) -> InspectionPlan:
    """Mark the plan approved on `approved_on` (the date of its document), by
    `actor` (recorded as who approved it).

    Refused when the plan is already approved, has no document number, is
    approved after its year, or when planned coverage on `approved_on` is
    below target in any group; the refusal names each group short of its
    target and how many more agencies it needs.
    """
    require_may_approve_plans(actor)
    plan = InspectionPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.is_approved:
        raise ValidationError(_("The plan is already approved."), code="approved")
    errors = {}
    if not plan.document_number:
        errors["document_number"] = _(
            "Enter the number of the plan's document before approving it."
        )
    if approved_on > datetime.date(plan.year, 12, 31):
        errors["approved_on"] = _(
            "The approval date must be on or before 31/12/%(year)s."
        ) % {"year": plan.year}
    if errors:
        raise ValidationError(errors)
    coverage = plan_coverage(plan, reference_date=approved_on)
    if coverage.shortfalls:
        raise ValidationError(
            [_("Planned coverage is below target, so the plan cannot be approved.")]
            + [
                ngettext(
                    "%(group)s: %(count)s more agency needed "
                    "(planned %(planned)s of %(agencies)s, target %(target)s).",
                    "%(group)s: %(count)s more agencies needed "
                    "(planned %(planned)s of %(agencies)s, target %(target)s).",
                    group.planned_shortfall,
                )
                % {
                    "group": group.label,
                    "count": group.planned_shortfall,
                    "planned": group.planned,
                    "agencies": group.agencies,
                    "target": format_percent(group.target_percent),
                }
                for group in coverage.shortfalls
            ],
            code="below_target",
        )
    plan.status = PlanStatus.APPROVED
    plan.approved_on = approved_on
    plan.approved_by = actor
    if not plan.document_date:
        plan.document_date = approved_on
    plan.full_clean()
    record_actor(plan, actor)
    plan.save(
        update_fields=[
            "status",
            "approved_on",
            "approved_by",
            "document_date",
            "updated_at",
        ]
    )
    return plan


@transaction.atomic
def plan_item_add(
    *,
    plan: InspectionPlan,
    agency: Agency,
    actor,
    kind: str = InspectionKind.SCHEDULED,
    combined_with: str = "",
    planned_month: int | None = None,
    planned_date: datetime.date | None = None,
    team_lead: str = "",
    team_members: str = "",
    topics: str = "",
    is_illustrative: bool = False,
) -> Inspection:
    """Add a planned inspection of `agency` to the plan.

    The agency must exist in the plan's year (on the planned day or month when
    given) and must not already have an item in the plan that is not
    cancelled. Items may be added to an approved plan (a plan amendment).
    """
    require_may_manage_plans(actor)
    # Serialise additions to one plan so two clicks cannot add an agency twice.
    plan = InspectionPlan.objects.select_for_update().get(pk=plan.pk)
    existing = (
        plan.inspections.filter(agency=agency)
        .exclude(status=InspectionStatus.CANCELLED)
        .first()
    )
    if existing is not None:
        raise ValidationError(
            {
                "agency": _(
                    "%(agency)s is already in the plan; edit that item instead."
                )
                % {"agency": agency.name}
            },
            code="duplicate",
        )
    return planned_inspection_save(
        plan=plan,
        agency=agency,
        year=plan.year,
        kind=kind,
        combined_with=combined_with,
        planned_month=planned_month,
        planned_date=planned_date,
        team_lead=team_lead,
        team_members=team_members,
        topics=topics,
        is_illustrative=is_illustrative or plan.is_illustrative,
        actor=actor,
    )
