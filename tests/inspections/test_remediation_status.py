"""Remediation status per agency: the figures on a hand-built data set (the
on-time rate's definition and its edge cases), the page and its links to the
task board, the XLSX and PDF, who sees which rows, and the query counts."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time
from pypdf import PdfReader

from indices.models import AgencyGroup
from inspections.models import TaskStatus
from inspections.selectors.remediation_status import (
    StatusCounts,
    remediation_status_for_user,
)
from tests.indices.factories import AgencyFactory, make_user
from tests.inspections.factories import RemediationTaskFactory
from tests.querycount import assert_constant_queries
from tests.xlsx import read_table, workbook

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2024, 7, 1)
STATUS_URL = reverse("inspections:remediation_status")


def at(day: datetime.date, hour: int = 10, minute: int = 0) -> datetime.datetime:
    """An aware moment on `day`, Vietnam time."""
    return timezone.make_aware(
        datetime.datetime(day.year, day.month, day.day, hour, minute)
    )


APRIL = D(2024, 4, 1)


def task(agency, status, deadline, *, submitted=None, start=APRIL, **kwargs):
    return RemediationTaskFactory(
        agency=agency,
        status=status,
        start_date=start,
        deadline=deadline,
        submitted_at=submitted,
        **kwargs,
    )


@pytest.fixture
def district(db):
    return AgencyFactory(name="UBND huyện Thử nghiệm C", group=AgencyGroup.DISTRICT)


@pytest.fixture
def tasks(agency_a, agency_b, district):
    """The data set, as of 01/07/2024 (see each line)."""
    a, b, c = agency_a, agency_b, district
    # Agency A: 7 tasks of 2024.
    task(a, TaskStatus.OPEN, D(2024, 6, 10), title="A quá hạn")  # overdue, due
    task(a, TaskStatus.IN_PROGRESS, D(2024, 8, 1))  # not due yet
    # Reported at 23:30 on the deadline, Vietnam time (16:30 UTC): on time.
    task(a, TaskStatus.SUBMITTED, D(2024, 6, 15), submitted=at(D(2024, 6, 15), 23, 30))
    task(a, TaskStatus.VERIFIED, D(2024, 5, 31), submitted=at(D(2024, 6, 3)))  # late
    task(a, TaskStatus.CANCELLED, D(2024, 5, 1))  # never counted as due
    # Reported before a deadline still to come: due, and on time.
    task(a, TaskStatus.SUBMITTED, D(2024, 9, 30), submitted=at(D(2024, 6, 20)))
    task(a, TaskStatus.OPEN, TODAY)  # due today: not overdue, not yet due
    # Assigned in 2023: not a task of 2024 although its deadline is in 2024.
    task(a, TaskStatus.OPEN, D(2024, 1, 15), start=D(2023, 12, 1))
    # Agency B: nothing due yet.
    task(b, TaskStatus.OPEN, D(2024, 12, 31))
    task(b, TaskStatus.IN_PROGRESS, D(2024, 10, 1))
    # District C: two of three on time.
    early = {"start": D(2024, 1, 15)}
    task(c, TaskStatus.VERIFIED, D(2024, 3, 1), submitted=at(D(2024, 2, 28)), **early)
    task(c, TaskStatus.SUBMITTED, D(2024, 3, 1), submitted=at(D(2024, 3, 5)), **early)
    task(c, TaskStatus.VERIFIED, D(2024, 3, 1), submitted=at(D(2024, 3, 1), 8), **early)
    return a, b, c


def by_name(status):
    return {row.agency_name: row.counts for row in status.rows}


# --- The figures ------------------------------------------------------------------------------


def test_figures_per_agency_follow_the_definitions(tasks, snv_user):
    status = remediation_status_for_user(snv_user, year=2024, today=TODAY)
    rows = by_name(status)
    assert rows["Sở Thử nghiệm A"] == StatusCounts(
        total=7,
        open=2,
        in_progress=1,
        submitted=2,
        verified=1,
        cancelled=1,
        overdue=1,
        due=4,
        on_time=2,
    )
    assert rows["Sở Thử nghiệm A"].on_time_rate == Decimal("50.00")
    # No task due yet: no rate at all, not 0 %.
    assert rows["Sở Thử nghiệm B"].due == 0
    assert rows["Sở Thử nghiệm B"].on_time_rate is None
    assert rows["UBND huyện Thử nghiệm C"].on_time_rate == Decimal("66.67")
    # The total's rate is computed from the sums, not averaged: 4 / 7.
    assert (status.total.total, status.total.due, status.total.on_time) == (12, 7, 4)
    assert status.total.on_time_rate == Decimal("57.14")
    assert status.agencies_with_overdue == 1
    # Departments first, then districts; by name within a group.
    assert [row.agency_name for row in status.rows] == [
        "Sở Thử nghiệm A",
        "Sở Thử nghiệm B",
        "UBND huyện Thử nghiệm C",
    ]


def test_the_rate_is_rounded_half_up_to_two_decimals():
    assert StatusCounts(due=800, on_time=1).on_time_rate == Decimal("0.13")
    assert StatusCounts(due=3, on_time=1).on_time_rate == Decimal("33.33")
    assert StatusCounts(due=0, on_time=0).on_time_rate is None


def test_a_returned_report_and_an_extended_deadline(agency_a, snv_user):
    # Returned to the agency: the service clears submitted_at; past deadline.
    task(agency_a, TaskStatus.IN_PROGRESS, D(2024, 6, 1))
    # The issuer extended the deadline to 30/06; reported on 25/06: on time.
    task(agency_a, TaskStatus.VERIFIED, D(2024, 6, 30), submitted=at(D(2024, 6, 25)))
    counts = remediation_status_for_user(snv_user, year=2024, today=TODAY).total
    assert (counts.overdue, counts.due, counts.on_time) == (1, 2, 1)


def test_group_filter_and_a_year_without_tasks(tasks, snv_user):
    districts = remediation_status_for_user(
        snv_user, year=2024, group=AgencyGroup.DISTRICT, today=TODAY
    )
    assert [row.agency_name for row in districts.rows] == ["UBND huyện Thử nghiệm C"]
    empty = remediation_status_for_user(snv_user, year=2022, today=TODAY)
    assert empty.rows == [] and empty.total.on_time_rate is None


def test_an_agency_user_gets_only_their_agency(tasks, user_a, leader_user):
    mine = remediation_status_for_user(user_a, year=2024, today=TODAY)
    assert [row.agency_name for row in mine.rows] == ["Sở Thử nghiệm A"]
    assert not mine.all_agencies
    everyone = remediation_status_for_user(leader_user, year=2024, today=TODAY)
    assert len(everyone.rows) == 3 and everyone.all_agencies


# --- The page ---------------------------------------------------------------------------------


@freeze_time("2024-07-01 09:00:00+07:00")
def test_page_shows_the_figures_and_each_links_to_the_same_tasks_on_the_board(
    tasks, snv_client
):
    response = snv_client.get(STATUS_URL, {"year": "2024"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "50,00 %" in page and "66,67 %" in page and "57,14 %" in page
    assert "Nhiệm vụ giao trong năm 2024 (theo ngày giao)" in page
    assert "Tỷ lệ đúng hạn = số nhiệm vụ đúng hạn ÷ số nhiệm vụ đã đến hạn" in page
    row, links = response.context["rows"][0]
    assert row.agency_name == "Sở Thử nghiệm A"
    for figure, url in links.items():
        assert url in page.replace("&amp;", "&") or getattr(row.counts, figure) == 0
        board = snv_client.get(url)
        listed = [t.title for t in board.context["tasks"]]
        assert len(listed) == getattr(row.counts, figure), (figure, url, listed)
    overdue_board = snv_client.get(links["overdue"])
    assert [t.title for t in overdue_board.context["tasks"]] == ["A quá hạn"]
    # The total row links to the board filtered by year (and group) only.
    total_board = snv_client.get(response.context["total_links"]["due"])
    assert len(total_board.context["tasks"]) == 7


@freeze_time("2024-07-01 09:00:00+07:00")
def test_agency_user_page_has_their_row_only_and_no_group_filter(tasks, client_a):
    response = client_a.get(STATUS_URL, {"year": "2024", "group": "district"})
    page = response.content.decode()
    assert "Sở Thử nghiệm A" in page
    assert "Sở Thử nghiệm B" not in page and "huyện Thử nghiệm C" not in page
    assert "group" not in response.context["form"].fields
    assert [row.agency_name for row, _links in response.context["rows"]] == [
        "Sở Thử nghiệm A"
    ]


@freeze_time("2024-07-01 09:00:00+07:00")
def test_page_defaults_to_the_latest_year_with_tasks_and_has_print_support(
    tasks, leader_client
):
    response = leader_client.get(STATUS_URL)
    assert response.context["status"].year == 2024
    page = response.content.decode()
    assert 'class="print-header' in page and "data-print" in page
    assert reverse("inspections:remediation_status_export") + "?year=2024" in page


def test_page_without_tasks_shows_an_empty_state(snv_client):
    page = snv_client.get(STATUS_URL).content.decode()
    assert "Không có nhiệm vụ khắc phục nào được giao" in page


def test_users_without_the_task_permission_are_refused(client):
    nobody = make_user(None, username="khong_vai_tro")
    client.force_login(nobody)
    for name in ("remediation_status", "remediation_status_export"):
        assert client.get(reverse(f"inspections:{name}")).status_code == 403


# --- XLSX -------------------------------------------------------------------------------------


@freeze_time("2024-07-01 09:00:00+07:00")
def test_xlsx_has_the_rows_totals_formats_and_definitions(tasks, snv_client):
    book = workbook(
        snv_client.get(
            reverse("inspections:remediation_status_export"), {"year": "2024"}
        )
    )
    assert book.sheetnames == ["Khắc phục 2024"]
    table = read_table(book.active, "STT")
    assert table.headers == [
        "STT",
        "Cơ quan",
        "Nhiệm vụ được giao",
        "Chưa thực hiện",
        "Đang thực hiện",
        "Đã báo cáo, chờ xác nhận",
        "Đã xác nhận hoàn thành",
        "Đã hủy",
        "Quá hạn",
        "Đã đến hạn",
        "Đúng hạn",
        "Tỷ lệ đúng hạn (%)",
    ]
    values = [list(row.values()) for row in table.rows]
    assert values == [
        [1, "Sở Thử nghiệm A", 7, 2, 1, 2, 1, 1, 1, 4, 2, 50],
        [2, "Sở Thử nghiệm B", 2, 1, 1, 0, 0, 0, 0, 0, 0, "–"],
        [3, "UBND huyện Thử nghiệm C", 3, 0, 0, 1, 2, 0, 0, 3, 2, 66.67],
        [None, "Tổng", 12, 3, 2, 3, 3, 1, 1, 7, 4, 57.14],
    ]
    assert table.cell(0, "Tỷ lệ đúng hạn (%)").number_format == '0.00" %"'
    assert table.cell(0, "Quá hạn").number_format == "#,##0"
    assert table.cell(3, "Cơ quan").font.bold
    assert book.active.freeze_panes == f"A{table.header_row + 1}"
    assert book.active.column_dimensions["B"].width == 40
    assert table.heading[0] == "TÌNH HÌNH THỰC HIỆN NHIỆM VỤ KHẮC PHỤC NĂM 2024"
    assert (
        "Nhiệm vụ giao trong năm 2024 (theo ngày giao), số liệu tính đến ngày 01/07/2024"
        in table.heading
    )
    assert "Bộ lọc: không có" in table.heading
    assert any(note.startswith("Tỷ lệ đúng hạn = ") for note in table.notes)


@freeze_time("2024-07-01 09:00:00+07:00")
def test_xlsx_of_an_agency_user_has_their_row_only(tasks, client_b):
    table = read_table(
        workbook(
            client_b.get(
                reverse("inspections:remediation_status_export"), {"year": "2024"}
            )
        ).active,
        "STT",
    )
    assert [row["Cơ quan"] for row in table.rows] == ["Sở Thử nghiệm B"]


@freeze_time("2024-07-01 09:00:00+07:00")
def test_xlsx_heading_names_the_group_filter(tasks, snv_client):
    table = read_table(
        workbook(
            snv_client.get(
                reverse("inspections:remediation_status_export"),
                {"year": "2024", "group": "district"},
            )
        ).active,
        "STT",
    )
    assert [row["Cơ quan"] for row in table.rows] == ["UBND huyện Thử nghiệm C", "Tổng"]
    assert any(line.startswith("Bộ lọc: Nhóm: UBND") for line in table.heading)


# --- PDF --------------------------------------------------------------------------------------


def pdf_text(response) -> str:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@freeze_time("2024-07-01 09:00:00+07:00")
def test_pdf_report_is_official_vietnamese_with_summary_table_and_signatures(
    tasks, snv_client
):
    text = pdf_text(
        snv_client.get(reverse("inspections:remediation_status_pdf"), {"year": "2024"})
    )
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Bình Phước, ngày 01 tháng 7 năm 2024" in text
    assert "BÁO CÁO TÌNH HÌNH THỰC HIỆN NHIỆM VỤ KHẮC PHỤC" in text
    assert "Trong năm 2024, 3 cơ quan, đơn vị được giao 12 nhiệm vụ khắc phục." in text
    assert "Có 1 nhiệm vụ tại 1 cơ quan, đơn vị quá hạn" in text
    assert "Tỷ lệ hoàn thành đúng hạn: 57,14 % (4/7 nhiệm vụ" in text
    for name in ("Sở Thử nghiệm A", "Sở Thử nghiệm B", "UBND huyện Thử nghiệm C"):
        assert name in text
    assert "50,00 %" in text and "66,67 %" in text
    assert "NGƯỜI LẬP BIỂU" in text and "GIÁM ĐỐC" in text


@freeze_time("2024-07-01 09:00:00+07:00")
def test_pdf_of_an_agency_user_names_their_agency_only(tasks, client_b):
    client_b.cookies["django_language"] = "en"
    text = pdf_text(
        client_b.get(reverse("inspections:remediation_status_pdf"), {"year": "2024"})
    )
    assert "Sở Thử nghiệm B" in text and "Sở Thử nghiệm A" not in text
    assert "Chưa có nhiệm vụ nào đến hạn" in text  # in Vietnamese, not English


# --- Queries ----------------------------------------------------------------------------------


def _more_agencies_and_tasks():
    for index in range(10):
        agency = AgencyFactory(
            group=AgencyGroup.DEPARTMENT if index % 2 else "district"
        )
        for status in TaskStatus.values:
            task(agency, status, D(2024, 5, 1), submitted=at(D(2024, 4, 20)))


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("remediation_status", 8),
        ("remediation_status_export", 6),
        ("remediation_status_pdf", 6),
    ],
)
def test_queries_do_not_grow_with_agencies_or_tasks(tasks, snv_client, name, expected):
    url = reverse(f"inspections:{name}")

    def action():
        assert snv_client.get(url, {"year": "2024"}).status_code == 200

    assert_constant_queries(action, _more_agencies_and_tasks, expected=expected)


def test_agency_user_page_queries_are_constant_too(tasks, client_a, agency_a):
    def grow():
        for _ in range(20):
            task(agency_a, TaskStatus.OPEN, D(2024, 5, 1))

    assert_constant_queries(
        lambda: client_a.get(STATUS_URL, {"year": "2024"}), grow, expected=9
    )


def test_the_task_board_links_to_the_status_page(snv_client):
    page = snv_client.get(reverse("inspections:task_list")).content.decode()
    assert STATUS_URL in page


@freeze_time("2024-07-01 09:00:00+07:00")
def test_board_timeliness_filter_lists_reports_sent_late(tasks, snv_client):
    board = snv_client.get(
        reverse("inspections:task_list"), {"year": "2024", "timeliness": "late"}
    )
    assert len(board.context["tasks"]) == 2  # A's verified task and C's report
