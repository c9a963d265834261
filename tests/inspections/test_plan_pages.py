"""Plan pages: who may see and act, the coverage gauge, suggestions, approval."""

import json
import re

import pytest
from django.urls import reverse
from freezegun import freeze_time

from indices.models import AgencyGroup
from inspections.models import (
    CoverageTarget,
    Inspection,
    InspectionPlan,
    InspectionStatus,
    PlanStatus,
)
from tests.inspections.plan_helpers import D, departments, districts, draft_plan, item
from tests.querycount import assert_constant_queries

# Pages are asserted in Vietnamese, the language every user gets by default.
pytestmark = pytest.mark.django_db


def _url(name, plan):
    return reverse(f"inspections:{name}", kwargs={"plan_id": plan.pk})


def _chart_data(response) -> list[dict]:
    body = response.content.decode()
    match = re.search(
        r'<script id="coverage-data" type="application/json">(.*?)</script>', body
    )
    return json.loads(match.group(1))


def test_agency_staff_get_no_plan_page(client_a, user_a):
    plan = draft_plan()
    item(plan, user_a.agency)
    urls = [
        reverse("inspections:plan_list"),
        reverse("inspections:plan_create"),
        *(
            _url(name, plan)
            for name in (
                "plan_detail",
                "plan_update",
                "plan_targets",
                "plan_approve",
                "plan_item_create",
                "plan_export",
            )
        ),
    ]
    for url in urls:
        assert client_a.get(url).status_code == 403, url
    assert client_a.post(_url("plan_suggestion_add", plan)).status_code == 403


def test_agency_staff_have_no_plan_menu_entry(client_a, snv_client):
    plans_url = reverse("inspections:plan_list")
    assert plans_url not in client_a.get("/").content.decode()
    assert plans_url in snv_client.get("/").content.decode()
    inspections_url = reverse("inspections:inspection_list")
    assert inspections_url in client_a.get("/").content.decode()


def test_leadership_reads_plans_but_changes_nothing(leader_client):
    plan = draft_plan()
    (agency,) = departments(1)
    response = leader_client.get(_url("plan_detail", plan))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Thêm vào kế hoạch" not in body and _url("plan_approve", plan) not in body
    for name in ("plan_update", "plan_targets", "plan_approve", "plan_item_create"):
        assert leader_client.get(_url(name, plan)).status_code == 403, name
    response = leader_client.post(
        _url("plan_suggestion_add", plan), {"agency": agency.pk}
    )
    assert response.status_code == 403
    assert leader_client.get(reverse("inspections:plan_create")).status_code == 403
    assert not plan.inspections.exists()


def test_snv_creates_a_plan_with_default_targets(snv_client):
    departments(2)
    districts(1)
    response = snv_client.post(
        reverse("inspections:plan_create"),
        {"year": "2024", "title": "", "document_number": "15/KH-UBND", "note": ""},
    )
    plan = InspectionPlan.objects.get(year=2024)
    assert (
        response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    )
    assert plan.targets.count() == 2
    response = snv_client.post(
        reverse("inspections:plan_create"), {"year": "2024", "document_number": "x"}
    )
    assert "Năm này đã có kế hoạch kiểm tra" in response.content.decode()


def test_plan_page_shows_coverage_as_gauge_data_and_text(snv_client):
    plan = draft_plan()
    deps = departments(4)
    item(plan, deps[0], status=InspectionStatus.CONDUCTED)
    item(plan, deps[1])
    response = snv_client.get(_url("plan_detail", plan))
    data = {row["id"]: row for row in _chart_data(response)}
    assert data["gauge-department-planned"] == {
        "id": "gauge-department-planned",
        "value": 50.0,
        "target": 30.0,
    }
    assert data["gauge-department-achieved"]["value"] == 25.0
    body = response.content.decode()
    assert "50,00 %" in body and "25,00 %" in body
    assert "2/4 cơ quan, đơn vị" in body and "cần thêm 1 cơ quan, đơn vị" in body
    assert "Cách tính tỷ lệ kiểm tra" in body
    assert 'src="/static/js/coverage_gauge.js"' in body
    assert "<script>" not in body  # no inline script under the CSP


def test_one_click_adds_a_suggestion_and_the_gauge_updates(snv_client):
    plan = draft_plan()
    a, _b, _c = departments(3)
    before = _chart_data(snv_client.get(_url("plan_detail", plan)))
    assert before[0]["value"] == 0.0
    page = snv_client.get(_url("plan_detail", plan)).content.decode()
    assert f'name="agency" value="{a.pk}"' in page
    response = snv_client.post(_url("plan_suggestion_add", plan), {"agency": a.pk})
    assert response.status_code == 302
    assert response["Location"].endswith("#coverage")
    after = _chart_data(snv_client.get(_url("plan_detail", plan)))
    assert after[0]["value"] == pytest.approx(33.33)
    added = plan.inspections.get()
    assert (added.agency, added.status) == (a, InspectionStatus.PLANNED)
    # A second click on the same agency is refused with a message.
    response = snv_client.post(
        _url("plan_suggestion_add", plan), {"agency": a.pk}, follow=True
    )
    assert "đã có trong kế hoạch" in response.content.decode()
    assert plan.inspections.count() == 1


def test_suggestions_show_reasons_in_words(snv_client):
    plan = draft_plan()
    departments(1)
    body = snv_client.get(_url("plan_detail", plan)).content.decode()
    assert "Chưa có chỉ số năm 2023" in body and "Chưa từng được kiểm tra" in body


def test_add_item_form_refuses_bad_schedule_naming_the_field(snv_client):
    plan = draft_plan()
    (agency,) = departments(1)
    response = snv_client.post(
        _url("plan_item_create", plan),
        {
            "agency": agency.pk,
            "kind": "scheduled",
            "planned_month": "3",
            "planned_date": "2024-04-03",
        },
    )
    assert response.status_code == 200
    assert "không khớp với ngày dự kiến" in response.content.decode()
    assert not Inspection.objects.exists()
    response = snv_client.post(
        _url("plan_item_create", plan),
        {
            "agency": agency.pk,
            "kind": "combined",
            "combined_with": "ISO",
            "planned_month": "6",
        },
    )
    assert response.status_code == 302
    assert Inspection.objects.get().combined_with == "ISO"


def test_approval_page_refuses_below_target_with_shortfalls(snv_client):
    plan = draft_plan()
    departments(20)
    dists = districts(11)
    item(plan, dists[0])
    response = snv_client.post(
        _url("plan_approve", plan), {"approved_on": "2024-01-25"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Sở, ban, ngành tỉnh: cần thêm 6 cơ quan, đơn vị" in body
    assert "UBND cấp huyện: cần thêm 3 cơ quan, đơn vị" in body
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


@freeze_time("2026-03-02")
def test_approval_date_defaults_to_the_document_date_or_within_the_year(snv_client):
    plan = draft_plan()
    page = snv_client.get(_url("plan_approve", plan)).content.decode()
    assert 'value="31/12/2024"' in page  # today is later than the plan's year
    plan.document_date = D(2024, 1, 22)
    plan.save()
    page = snv_client.get(_url("plan_approve", plan)).content.decode()
    assert 'value="22/01/2024"' in page


def test_approval_succeeds_at_target_and_freezes_targets(snv_client, snv_user):
    plan = draft_plan(targets={AgencyGroup.DEPARTMENT: "30"})
    deps = departments(10)
    for agency in deps[:3]:
        item(plan, agency)
    response = snv_client.post(
        _url("plan_approve", plan), {"approved_on": "2024-01-25"}
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.status, plan.approved_on, plan.approved_by) == (
        PlanStatus.APPROVED,
        D(2024, 1, 25),
        snv_user,
    )
    page = snv_client.get(_url("plan_targets", plan)).content.decode()
    assert "Không thể thay đổi chỉ tiêu" in page
    snv_client.post(_url("plan_targets", plan), {"department": "10"})
    assert CoverageTarget.objects.get(plan=plan).target_percent == 30


def test_targets_form_saves_decimal_targets(snv_client):
    plan = draft_plan()
    departments(1)
    districts(1)
    response = snv_client.post(
        _url("plan_targets", plan), {"department": "35.5", "district": "40"}
    )
    assert response.status_code == 302
    assert dict(plan.targets.values_list("group", "target_percent")) == {
        "department": pytest.approx(35.5),
        "district": 40,
    }


def test_plan_export_is_an_xlsx(snv_client):
    plan = draft_plan()
    item(plan, departments(1)[0])
    response = snv_client.get(_url("plan_export", plan))
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )


# --- Query counts ---------------------------------------------------------------------


def _grow_plan(plan, n):
    def grow():
        for agency in departments(n) + districts(n):
            item(plan, agency, status=InspectionStatus.CONDUCTED)
        departments(n)  # not in the plan: suggestions
        districts(n)

    return grow


def test_plan_page_query_count_is_constant(snv_client):
    plan = draft_plan()
    _grow_plan(plan, 3)()
    assert_constant_queries(
        lambda: snv_client.get(_url("plan_detail", plan)),
        _grow_plan(plan, 25),
        expected=16,
    )


def test_plan_list_query_count_is_constant(snv_client):
    def grow():
        for year in range(2010, 2030):
            item(draft_plan(year=year), departments(1)[0])

    draft_plan(year=2031)
    assert_constant_queries(
        lambda: snv_client.get(reverse("inspections:plan_list")), grow, expected=8
    )
