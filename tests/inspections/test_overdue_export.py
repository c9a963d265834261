"""The overdue task list (XLSX): reachable from the board's overdue filter,
its columns (days overdue, last progress report), per-user rows, queries."""

import datetime

import pytest
from django.urls import reverse
from freezegun import freeze_time

from inspections.models import TaskEvent, TaskEventKind, TaskSource, TaskStatus
from tests.indices.builders import appraised, full_marks, make_framework, score
from tests.indices.factories import AgencyFactory
from tests.inspections.factories import (
    DirectiveFactory,
    FindingFactory,
    RemediationTaskFactory,
)
from tests.querycount import assert_constant_queries
from tests.xlsx import read_table, workbook

pytestmark = pytest.mark.django_db
D = datetime.date
EXPORT = reverse("inspections:overdue_export")
NOW = "2024-07-10 09:00:00+07:00"


@pytest.fixture
def overdue(agency_a, agency_b):
    directive = DirectiveFactory(number="45/UBND-NC", issued_on=D(2024, 3, 20))
    by_directive = RemediationTaskFactory(
        agency=agency_a,
        title="Cập nhật thủ tục trên Cổng dịch vụ công",
        directive=directive,
        deadline=D(2024, 6, 30),
        status=TaskStatus.IN_PROGRESS,
        progress_percent=40,
    )
    with freeze_time("2024-06-20 15:00:00+07:00"):
        TaskEvent.objects.create(
            task=by_directive,
            kind=TaskEventKind.PROGRESS,
            progress_percent=20,
            note="Bắt đầu",
        )
    with freeze_time("2024-07-02 08:30:00+07:00"):
        TaskEvent.objects.create(
            task=by_directive,
            kind=TaskEventKind.PROGRESS,
            progress_percent=40,
            note="Đã rà soát 40 % thủ tục",
        )
    finding = FindingFactory(
        inspection__agency=agency_b,
        inspection__conclusion_number="12/TB-SNV",
        inspection__conclusion_date=D(2024, 5, 20),
    )
    RemediationTaskFactory(
        agency=agency_b,
        title="Khắc phục tồn tại sau kiểm tra",
        source=TaskSource.FINDING,
        finding=finding,
        deadline=D(2024, 7, 5),
    )
    framework = make_framework(year=2023)
    assessment = score(
        framework, agency_a, {**full_marks(framework), **appraised(**{"1_2": "0"})}
    )
    RemediationTaskFactory(
        agency=agency_a,
        title="Nâng điểm tiêu chí 1.2",
        source=TaskSource.LOW_SCORE,
        node_score=assessment.node_scores.get(node__code="1.2"),
        deadline=D(2024, 7, 9),
    )
    # Not overdue: reported, due later, due today, cancelled.
    RemediationTaskFactory(
        agency=agency_a, status=TaskStatus.SUBMITTED, deadline=D(2024, 6, 1)
    )
    RemediationTaskFactory(agency=agency_a, deadline=D(2024, 8, 1))
    RemediationTaskFactory(agency=agency_a, deadline=D(2024, 7, 10))
    RemediationTaskFactory(
        agency=agency_b, status=TaskStatus.CANCELLED, deadline=D(2024, 6, 1)
    )


@freeze_time(NOW)
def test_overdue_list_has_the_columns_officials_need(overdue, snv_client):
    book = workbook(snv_client.get(EXPORT))
    assert book.sheetnames == ["Nhiệm vụ quá hạn"]
    table = read_table(book.active, "STT")
    assert table.headers == [
        "STT",
        "Cơ quan",
        "Nhiệm vụ",
        "Nguồn",
        "Văn bản nguồn",
        "Ngày bắt đầu",
        "Thời hạn",
        "Số ngày quá hạn",
        "Trạng thái",
        "Tiến độ (%)",
        "Lần báo cáo tiến độ gần nhất",
        "Nội dung báo cáo tiến độ gần nhất",
    ]
    rows = table.rows
    assert [(r["Cơ quan"], r["Nhiệm vụ"], r["Số ngày quá hạn"]) for r in rows] == [
        ("Sở Thử nghiệm A", "Cập nhật thủ tục trên Cổng dịch vụ công", 10),
        ("Sở Thử nghiệm A", "Nâng điểm tiêu chí 1.2", 1),
        ("Sở Thử nghiệm B", "Khắc phục tồn tại sau kiểm tra", 5),
    ]
    first = rows[0]
    assert first["Văn bản nguồn"] == "45/UBND-NC (20/03/2024)"
    assert first["Trạng thái"] == "Đang thực hiện" and first["Tiến độ (%)"] == 40
    assert first["Lần báo cáo tiến độ gần nhất"] == datetime.datetime(2024, 7, 2, 8, 30)
    assert first["Nội dung báo cáo tiến độ gần nhất"] == "Đã rà soát 40 % thủ tục"
    assert rows[1]["Văn bản nguồn"] == "Chỉ số CCHC năm 2023, mã 1.2"
    assert rows[1]["Lần báo cáo tiến độ gần nhất"] is None
    assert rows[2]["Văn bản nguồn"] == "12/TB-SNV (20/05/2024)"
    assert table.cell(0, "Thời hạn").number_format == "dd/mm/yyyy"
    assert (
        table.cell(0, "Lần báo cáo tiến độ gần nhất").number_format
        == "dd/mm/yyyy hh:mm"
    )
    assert table.cell(0, "Số ngày quá hạn").number_format == "#,##0"
    assert book.active.freeze_panes == f"A{table.header_row + 1}"
    assert book.active.column_dimensions["C"].width == 50
    assert (
        table.heading[0] == "DANH SÁCH NHIỆM VỤ KHẮC PHỤC QUÁ HẠN ĐẾN NGÀY 10/07/2024"
    )
    assert "Bộ lọc: không có" in table.heading


@freeze_time(NOW)
def test_agency_users_get_only_their_overdue_tasks(overdue, client_b):
    table = read_table(workbook(client_b.get(EXPORT)).active, "STT")
    assert [r["Nhiệm vụ"] for r in table.rows] == ["Khắc phục tồn tại sau kiểm tra"]


@freeze_time(NOW)
def test_the_boards_filters_apply_and_are_named_in_the_heading(
    overdue, snv_client, agency_b
):
    table = read_table(
        workbook(
            snv_client.get(EXPORT, {"agency": agency_b.pk, "overdue": "on"})
        ).active,
        "STT",
    )
    assert [r["Cơ quan"] for r in table.rows] == ["Sở Thử nghiệm B"]
    assert "Bộ lọc: Cơ quan: Sở Thử nghiệm B" in table.heading


@freeze_time(NOW)
def test_the_boards_overdue_filter_offers_the_list(overdue, snv_client, agency_a):
    board = snv_client.get(
        reverse("inspections:task_list"), {"overdue": "on", "agency": agency_a.pk}
    )
    page = board.content.decode().replace("&amp;", "&")
    assert f"{EXPORT}?agency={agency_a.pk}" in page
    assert "Danh sách quá hạn (XLSX)" in page
    plain = snv_client.get(reverse("inspections:task_list")).content.decode()
    assert EXPORT not in plain


@freeze_time(NOW)
def test_overdue_list_queries_do_not_grow_with_tasks(overdue, snv_client):
    def grow():
        for _ in range(5):
            agency = AgencyFactory()
            for _ in range(4):
                task = RemediationTaskFactory(agency=agency, deadline=D(2024, 6, 1))
                TaskEvent.objects.create(
                    task=task, kind=TaskEventKind.PROGRESS, progress_percent=10
                )

    def action():
        assert snv_client.get(EXPORT).status_code == 200

    assert_constant_queries(action, grow, expected=5)
