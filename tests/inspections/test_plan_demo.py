"""The 2024 demo plan and the coverage_report command."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation

from indices import demo as indices_demo
from indices.models import AgencyGroup
from inspections.demo.plans import seed_inspection_plans
from inspections.models import (
    Finding,
    Inspection,
    InspectionKind,
    InspectionPlan,
    InspectionStatus,
)
from inspections.selectors.coverage import plan_coverage
from tests.indices.factories import FrameworkFactory, FrameworkNodeFactory
from tests.inspections.plan_helpers import departments

pytestmark = pytest.mark.django_db


def _report(year: int) -> str:
    out = StringIO()
    with translation.override("vi"):
        call_command("coverage_report", "--year", str(year), stdout=out)
    return out.getvalue()


def test_seed_demo_then_coverage_report_shows_30_percent_planned_in_both_groups():
    call_command("seed_demo", stdout=StringIO())
    report = _report(2024)
    plan = InspectionPlan.objects.get(year=2024)
    coverage = plan_coverage(plan)
    groups = {g.group: g for g in coverage.groups}
    assert set(groups) == {AgencyGroup.DEPARTMENT, AgencyGroup.DISTRICT}
    for group in groups.values():
        assert group.planned_percent >= Decimal("30")
        line = next(
            line for line in report.splitlines() if line.startswith(group.label)
        )
        planned = f"{group.planned} ({group.planned_percent:.2f} %)".replace(".", ",")
        assert planned in line
        assert str(group.agencies) in line and "30,00 %" in line
        assert "  đạt" in line  # planned target met
    assert "phê duyệt ngày 26/01/2024" in report


def test_demo_plan_is_approved_with_inspections_in_every_status():
    call_command("seed_demo", stdout=StringIO())
    plan = InspectionPlan.objects.get(year=2024)
    assert plan.is_approved and plan.is_illustrative
    statuses = set(Inspection.objects.values_list("status", flat=True))
    assert statuses == set(InspectionStatus.values)
    assert Inspection.objects.filter(status=InspectionStatus.CANCELLED).count() == 1
    combined = Inspection.objects.filter(kind=InspectionKind.COMBINED)
    assert combined.exists() and all(i.combined_with for i in combined)
    assert Inspection.objects.filter(plan__isnull=True).count() == 1
    concluded = Inspection.objects.filter(status=InspectionStatus.CONCLUDED)
    assert all(i.findings.exists() for i in concluded)
    assert all(i.is_illustrative for i in Inspection.objects.all())
    assert concluded.exclude(conclusion_file="").exists()


def test_seeding_twice_changes_nothing():
    call_command("seed_demo", stdout=StringIO())
    counts = (Inspection.objects.count(), Finding.objects.count())
    call_command("seed_demo", stdout=StringIO())
    assert (Inspection.objects.count(), Finding.objects.count()) == counts
    assert InspectionPlan.objects.count() == 1


def test_demo_findings_link_criteria_of_the_2024_framework_when_present():
    # Only the agencies: the indices demo's own frameworks must not interfere.
    indices_demo.seed_agencies()
    framework = FrameworkFactory(year=2024, group=AgencyGroup.DEPARTMENT)
    nodes = {
        code: FrameworkNodeFactory(framework=framework, code=code, level=2)
        for code in ("1.1", "3.2")
    }
    seed_inspection_plans()
    findings = Finding.objects.filter(
        inspection__agency__name="Sở Tài nguyên và Môi trường"
    ).order_by("pk")
    assert [f.node for f in findings] == [nodes["1.1"], nodes["3.2"], None]
    # Districts have no 2024 framework here: their findings stay unlinked.
    assert not Finding.objects.filter(
        inspection__agency__group=AgencyGroup.DISTRICT, node__isnull=False
    ).exists()


def test_demo_needs_the_agencies():
    assert seed_inspection_plans() is None
    assert not InspectionPlan.objects.exists()


def test_coverage_report_without_a_plan_uses_default_targets():
    departments(10)
    report = _report(2030)
    assert "Chưa có kế hoạch kiểm tra năm 2030" in report
    assert "chưa đạt (thiếu 3)" in report
