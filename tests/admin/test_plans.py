"""Plans, inspections and findings in the admin, through their services."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from indices.models import AgencyGroup
from inspections.models import (
    CoverageTarget,
    Finding,
    Inspection,
    InspectionPlan,
    InspectionStatus,
    PlanStatus,
)
from tests.inspections.plan_helpers import departments, districts, draft_plan, item

from .conftest import form_data

pytestmark = pytest.mark.django_db


def plan_url(plan):
    return reverse("admin:inspections_inspectionplan_change", args=[plan.pk])


def inspection_url(inspection):
    return reverse("admin:inspections_inspection_change", args=[inspection.pk])


def _row_key(data, prefix, pk):
    return next(
        k.removesuffix("-id")
        for k, v in data.items()
        if k.startswith(prefix) and k.endswith("-id") and v == str(pk)
    )


def test_a_plan_added_in_the_admin_gets_its_default_targets(admin_client):
    departments(2)
    districts(1)
    response = admin_client.post(
        reverse("admin:inspections_inspectionplan_add"),
        {
            "year": "2026",
            "title": "",
            "document_number": "12/KH-UBND",
            "note": "",
            "targets-TOTAL_FORMS": "0",
            "targets-INITIAL_FORMS": "0",
            "inspections-TOTAL_FORMS": "0",
            "inspections-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context["errors"]
    plan = InspectionPlan.objects.get(year=2026)
    assert dict(plan.targets.values_list("group", "target_percent")) == {
        AgencyGroup.DEPARTMENT: Decimal("30"),
        AgencyGroup.DISTRICT: Decimal("30"),
    }


def test_items_added_and_changed_in_the_plan_go_through_the_services(admin_client):
    plan = draft_plan()
    first, second = departments(2)
    existing = item(plan, first, month=5)
    data = form_data(admin_client.get(plan_url(plan)))
    row = _row_key(data, "inspections-", existing.pk)
    data[f"{row}-planned_month"] = "9"
    new = "inspections-1"
    data.update(
        {
            f"{new}-agency": str(second.pk),
            f"{new}-kind": "thematic",
            f"{new}-planned_month": "10",
            f"{new}-team_lead": "Trưởng đoàn",
        }
    )
    response = admin_client.post(plan_url(plan), data)
    assert response.status_code == 302, response.context["errors"]
    existing.refresh_from_db()
    assert existing.planned_month == 9
    added = Inspection.objects.get(plan=plan, agency=second)
    assert (added.year, added.status, added.kind) == (
        2024,
        InspectionStatus.PLANNED,
        "thematic",
    )


def test_a_duplicate_item_is_refused_with_the_services_message(admin_client):
    plan = draft_plan()
    (agency,) = departments(1)
    item(plan, agency)
    data = form_data(admin_client.get(plan_url(plan)))
    data.update(
        {"inspections-1-agency": str(agency.pk), "inspections-1-kind": "scheduled"}
    )
    response = admin_client.post(plan_url(plan), data)
    assert response.status_code == 200
    assert "is already in the plan" in str(
        response.context["adminform"].form.non_field_errors()
    )
    assert plan.inspections.count() == 1


def test_the_agency_of_an_item_is_fixed_and_costs_no_query_per_row(admin_client):
    plan = draft_plan()
    (agency,) = departments(1)
    item(plan, agency)
    response = admin_client.get(plan_url(plan))
    formset = next(
        i.formset
        for i in response.context["inline_admin_formsets"]
        if i.formset.prefix == "inspections"
    )
    existing, extra = formset.forms
    assert existing.fields["agency"].disabled and not extra.fields["agency"].disabled
    assert f'<option value="{agency.pk}" selected>{agency.name}</option>' in (
        response.content.decode()
    )


def test_targets_change_through_the_service_and_not_once_approved(admin_client):
    plan = draft_plan()
    data = form_data(admin_client.get(plan_url(plan)))
    target = plan.targets.get(group=AgencyGroup.DEPARTMENT)
    row = _row_key(data, "targets-", target.pk)
    data[f"{row}-target_percent"] = "40"
    assert admin_client.post(plan_url(plan), data).status_code == 302
    target.refresh_from_db()
    assert target.target_percent == Decimal("40")

    InspectionPlan.objects.filter(pk=plan.pk).update(
        status=PlanStatus.APPROVED, approved_on=datetime.date(2024, 2, 1)
    )
    data = form_data(admin_client.get(plan_url(plan)))
    data[f"{row}-target_percent"] = "50"
    response = admin_client.post(plan_url(plan), data)
    assert "cannot be changed" in str(
        response.context["adminform"].form.non_field_errors()
    )
    assert CoverageTarget.objects.get(pk=target.pk).target_percent == Decimal("40")


def test_findings_are_recorded_only_on_conducted_inspections(admin_client):
    plan = draft_plan()
    planned_agency, visited_agency = departments(2)
    planned = item(plan, planned_agency)
    conducted = item(plan, visited_agency, status=InspectionStatus.CONDUCTED)
    page = admin_client.get(inspection_url(planned))
    findings = page.context["inline_admin_formsets"][0]
    assert not findings.has_add_permission
    data = form_data(admin_client.get(inspection_url(conducted)))
    data.update(
        {
            "findings-0-description": "Chưa niêm yết thủ tục hành chính.",
            "findings-0-severity": "serious",
            "findings-0-recommendation": "Niêm yết đầy đủ.",
        }
    )
    response = admin_client.post(inspection_url(conducted), data)
    assert response.status_code == 302, response.context["errors"]
    finding = Finding.objects.get(inspection=conducted)
    assert finding.severity == "serious"
    assert finding.history.get().history_type == "+"


def test_deleting_a_conducted_inspection_is_refused(admin_client, messages_of):
    plan = draft_plan()
    (agency,) = departments(1)
    conducted = item(plan, agency, status=InspectionStatus.CONDUCTED)
    url = reverse("admin:inspections_inspection_delete", args=[conducted.pk])
    response = admin_client.post(url, {"post": "yes"}, follow=True)
    assert Inspection.objects.filter(pk=conducted.pk).exists()
    assert any(
        "Only a planned inspection can be removed" in m for m in messages_of(response)
    )


def test_an_ad_hoc_inspection_takes_the_year_of_its_date(admin_client):
    (agency,) = departments(1)
    response = admin_client.post(
        reverse("admin:inspections_inspection_add"),
        {
            "agency": str(agency.pk),
            "kind": "unannounced",
            "planned_date": "2025-03-12",
            "team_lead": "Trưởng đoàn",
            "findings-TOTAL_FORMS": "0",
            "findings-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context["errors"]
    inspection = Inspection.objects.get(agency=agency)
    assert (inspection.plan, inspection.year, inspection.planned_month) == (
        None,
        2025,
        3,
    )
