"""Set-up helpers shared by the plan, coverage and inspection tests."""

import datetime

from django.utils import translation

from indices.models import AgencyGroup
from inspections.models import CoverageTarget, InspectionPlan, InspectionStatus
from tests.indices.factories import AgencyFactory
from tests.inspections.factories import InspectionFactory

D = datetime.date


def departments(n: int, **kwargs):
    return AgencyFactory.create_batch(n, group=AgencyGroup.DEPARTMENT, **kwargs)


def districts(n: int, **kwargs):
    return AgencyFactory.create_batch(n, group=AgencyGroup.DISTRICT, **kwargs)


def draft_plan(
    year: int = 2024, targets: dict | None = None, **kwargs
) -> InspectionPlan:
    """A draft plan with the given targets (default: 30 % for both groups)."""
    plan = InspectionPlan.objects.create(
        year=year, document_number=kwargs.pop("document_number", "15/KH-UBND"), **kwargs
    )
    for group, target in (
        targets or {AgencyGroup.DEPARTMENT: "30", AgencyGroup.DISTRICT: "30"}
    ).items():
        CoverageTarget.objects.create(plan=plan, group=group, target_percent=target)
    return plan


def item(plan, agency, *, status=InspectionStatus.PLANNED, month=5, **kwargs):
    """A plan item written directly (the services are tested separately)."""
    if status in (InspectionStatus.CONDUCTED, InspectionStatus.CONCLUDED):
        kwargs.setdefault("start_date", D(plan.year, month, 10))
        kwargs.setdefault("end_date", kwargs["start_date"])
    if status == InspectionStatus.CONCLUDED:
        kwargs.setdefault("conclusion_date", D(plan.year, month, 25))
        kwargs.setdefault("conclusion_number", "1/TB-SNV")
    if status == InspectionStatus.CANCELLED:
        kwargs.setdefault("cancellation_reason", "Lý do thử nghiệm")
    return InspectionFactory(
        plan=plan,
        agency=agency,
        year=plan.year,
        planned_month=month,
        status=status,
        **kwargs,
    )


def ad_hoc(agency, *, year=2024, status=InspectionStatus.PLANNED, day=None, **kwargs):
    day = day or D(year, 7, 1)
    if status in (InspectionStatus.CONDUCTED, InspectionStatus.CONCLUDED):
        kwargs.setdefault("start_date", day)
        kwargs.setdefault("end_date", day)
    if status == InspectionStatus.CANCELLED:
        kwargs.setdefault("cancellation_reason", "Lý do thử nghiệm")
    return InspectionFactory(
        plan=None,
        agency=agency,
        year=year,
        planned_month=day.month,
        planned_date=day,
        status=status,
        **kwargs,
    )


def in_english():
    """Messages are asserted in English (the msgids); the site runs in Vietnamese."""
    return translation.override("en")
