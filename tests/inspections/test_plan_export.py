"""The inspection plan export: the plan's inspections, its coverage per group
and overall, the inspections outside the plan; refused like the plan page."""

import pytest
from django.urls import reverse
from freezegun import freeze_time

from inspections.models import InspectionKind, InspectionStatus
from tests.inspections.plan_helpers import (
    D,
    ad_hoc,
    departments,
    districts,
    draft_plan,
    item,
)
from tests.querycount import assert_constant_queries
from tests.xlsx import read_table, workbook

pytestmark = pytest.mark.django_db


def _url(plan):
    return reverse("inspections:plan_export", kwargs={"plan_id": plan.pk})


@pytest.fixture
def plan():
    """2024: 10 departments (3 planned, 1 of them conducted), 4 districts
    (1 planned and 1 ad hoc inspection, conducted, outside the plan)."""
    deps, dists = departments(10), districts(4)
    plan = draft_plan(
        year=2024, document_number="25/KH-UBND", document_date=D(2024, 1, 15)
    )
    item(plan, deps[0], status=InspectionStatus.CONDUCTED, team_lead="Nguyễn Văn An")
    item(plan, deps[1], month=6, kind=InspectionKind.COMBINED, combined_with="ISO")
    item(plan, deps[2], month=9)
    item(plan, dists[0], month=8)
    ad_hoc(dists[1], status=InspectionStatus.CONDUCTED, day=D(2024, 4, 2))
    return plan


@freeze_time("2024-03-01 09:00:00+07:00")
def test_plan_export_has_items_coverage_and_ad_hoc_sheets(plan, snv_client):
    book = workbook(snv_client.get(_url(plan)))
    assert book.sheetnames == ["Kế hoạch 2024", "Tỷ lệ kiểm tra", "Ngoài kế hoạch"]

    items = read_table(book["Kế hoạch 2024"], "Cơ quan")
    assert len(items.rows) == 4
    assert items.rows[0]["Trưởng đoàn"] == "Nguyễn Văn An"
    assert items.cell(0, "Ngày bắt đầu").number_format == "dd/mm/yyyy"
    assert "Văn bản: 25/KH-UBND ngày 15/01/2024" in items.heading
    assert "Dự thảo kế hoạch, chưa phê duyệt" in items.heading
    assert items.heading[-1].startswith("Ngày xuất: 01/03/2024")

    coverage = read_table(book["Tỷ lệ kiểm tra"], "Nhóm")
    assert coverage.headers == [
        "Nhóm",
        "Số cơ quan, đơn vị thuộc phạm vi",
        "Chỉ tiêu (%)",
        "Số cơ quan cần kiểm tra",
        "Theo kế hoạch",
        "Theo kế hoạch (%)",
        "Đánh giá theo kế hoạch",
        "Đã thực hiện",
        "Đã thực hiện (%)",
        "Đánh giá kết quả thực hiện",
    ]
    department, district, overall = coverage.rows
    assert list(department.values())[1:] == [
        10,
        30,
        3,
        3,
        30,
        "đạt chỉ tiêu",
        1,
        10,
        "cần thêm 2 cơ quan, đơn vị",
    ]
    assert list(district.values())[1:] == [
        4,
        30,
        2,
        2,
        50,
        "đạt chỉ tiêu",
        1,
        25,
        "cần thêm 1 cơ quan, đơn vị",
    ]
    assert overall["Nhóm"] == "Tất cả các nhóm" and overall["Theo kế hoạch"] == 5
    assert overall["Số cơ quan, đơn vị thuộc phạm vi"] == 14
    assert coverage.cell(2, "Nhóm").font.bold
    assert coverage.cell(0, "Theo kế hoạch (%)").number_format == '0.00" %"'
    assert coverage.cell(0, "Số cơ quan cần kiểm tra").number_format == "#,##0"
    assert (
        "Số cơ quan, đơn vị thuộc phạm vi tính tại ngày 01/03/2024" in coverage.heading
    )
    assert any("kết hợp" in note for note in coverage.notes)

    outside = read_table(book["Ngoài kế hoạch"], "Cơ quan")
    assert len(outside.rows) == 1 and outside.rows[0]["Trạng thái"] == "Đã kiểm tra"


def test_plan_export_is_refused_to_agencies_and_open_to_leadership(
    plan, client_a, leader_client
):
    assert client_a.get(_url(plan)).status_code == 403
    assert leader_client.get(_url(plan)).status_code == 200


def test_plan_page_offers_print(plan, snv_client):
    page = snv_client.get(plan.get_absolute_url()).content.decode()
    assert "data-print" in page and 'class="print-header' in page


def test_plan_export_queries_do_not_grow_with_items(plan, snv_client):
    def grow():
        for agency in departments(10) + districts(10):
            item(plan, agency, status=InspectionStatus.CONCLUDED)
        for agency in districts(5):
            ad_hoc(agency)

    def action():
        assert snv_client.get(_url(plan)).status_code == 200

    assert_constant_queries(action, grow, expected=10)
