"""The three user journeys in a real browser (headless Chromium, vi-VN).

Each journey fails on any failed network request or console error (see the
`page` fixture) and leaves a screenshot under test-artifacts/ when it fails.
"""

import datetime
import io
from decimal import Decimal as D

import openpyxl
import pytest
from django.utils import timezone

from indices import services as index_services
from indices.access import system_actor
from indices.models import AgencyGroup
from indices.roles import Role
from inspections.models import (
    Directive,
    Finding,
    InspectionPlan,
    InspectionStatus,
    PlanStatus,
    RemediationTask,
    TaskStatus,
)
from inspections.services import directives as directive_services
from inspections.services import tasks as task_services
from tests.browser.conftest import log_in
from tests.indices.builders import full_marks, make_framework, score
from tests.indices.factories import AgencyFactory, make_user
from tests.inspections.files import MINIMAL_PDF, pdf_upload
from tests.inspections.plan_helpers import draft_plan, item

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LOW = index_services.ScoreEntry


def province(year: int = 2024):
    """Ten departments and four district committees with a published index for
    `year` in which criterion 1.1 of the first department is low, next year's
    frameworks copied, and last year's approved plan."""
    departments = [
        AgencyFactory(name=f"Sở Thử nghiệm {n:02d}", code=f"so-thu-nghiem-{n:02d}")
        for n in range(1, 11)
    ]
    districts = [
        AgencyFactory(
            name=f"UBND huyện Thử nghiệm {n}",
            code=f"huyen-thu-nghiem-{n}",
            group=AgencyGroup.DISTRICT,
        )
        for n in range(1, 5)
    ]
    for group, agencies in (
        (AgencyGroup.DEPARTMENT, departments),
        (AgencyGroup.DISTRICT, districts),
    ):
        framework = make_framework(year=year, group=group)
        for index, agency in enumerate(agencies):
            entries = full_marks(framework)
            if index == 0:
                # 1.1 scores 1.5 of 4 (37,50 %): below the 70 % rule.
                entries.update(
                    full_marks(
                        framework,
                        **{
                            "1_1_1": LOW(self_score=D("1"), appraised_score=D("0.5")),
                            "1_1_2": LOW(self_score=D("2"), appraised_score=D("1")),
                        },
                    )
                )
            score(framework, agency=agency, entries=entries)
        index_services.framework_results_publish(
            framework=framework,
            published_on=datetime.date(year + 1, 3, 7),
            actor=system_actor(),
        )
        index_services.framework_copy(
            framework=framework, year=year + 1, actor=system_actor()
        )
    last_plan = draft_plan(year=year)
    item(last_plan, departments[1], status=InspectionStatus.CONCLUDED)
    InspectionPlan.objects.filter(pk=last_plan.pk).update(
        status=PlanStatus.APPROVED, approved_on=datetime.date(year, 1, 20)
    )
    return departments, districts


def gauges(page) -> dict[str, float]:
    return page.evaluate(
        """() => Object.fromEntries(Object.values(Chart.instances).map(
            c => [c.canvas.id, c.data.datasets[0].data[0]]))"""
    )


def test_snv_plans_next_year_records_a_finding_and_assigns_a_directive_task(page):
    departments, districts = province(2024)
    make_user(Role.SNV_STAFF, username="snv_journey")
    log_in(page, "snv_journey")

    # Create next year's plan.
    page.locator("#main-nav").get_by_role("button", name="Kiểm tra").click()
    page.locator("#main-nav").get_by_role("link", name="Kế hoạch kiểm tra").click()
    page.get_by_role("link", name="Lập kế hoạch").click()
    page.get_by_label("Năm").fill("2025")
    page.get_by_label("Số văn bản").fill("20/KH-UBND")
    page.get_by_role("button", name="Tạo kế hoạch").click()
    page.wait_for_function("() => Object.keys(Chart.instances).length === 4")
    assert gauges(page)["gauge-department-planned"] == 0
    assert page.get_by_text("cần thêm 3 cơ quan, đơn vị").first.is_visible()

    # The gauge is below 30 %: add agencies from the suggestions until both
    # groups reach it (3 of 10 departments, 2 of 4 districts).
    for group_index, clicks in ((0, 3), (1, 2)):
        for _ in range(clicks):
            suggestions = page.locator("#suggestions ol").nth(group_index)
            suggestions.get_by_role("button", name="Thêm vào kế hoạch").first.click()
            page.wait_for_url("**#coverage")
            page.wait_for_function("() => Object.keys(Chart.instances).length === 4")
    values = gauges(page)
    assert values["gauge-department-planned"] >= 30
    assert values["gauge-district-planned"] >= 30

    # Approve it.
    page.get_by_role("link", name="Phê duyệt").click()
    page.get_by_role("button", name="Phê duyệt").click()
    assert page.get_by_text("Đã phê duyệt").first.is_visible()
    plan = InspectionPlan.objects.get(year=2025)
    assert plan.status == PlanStatus.APPROVED
    assert plan.inspections.count() == 5

    # Record the inspection of the department whose criterion 1.1 was low,
    # and a finding on that criterion.
    low_agency = departments[0]
    inspection = plan.inspections.get(agency=low_agency)
    page.goto(inspection.get_absolute_url())
    page.get_by_role("link", name="Ghi nhận đã kiểm tra").click()
    page.get_by_label("Ngày bắt đầu").fill("12/05/2025")
    page.get_by_label("Ngày kết thúc").fill("13/05/2025")
    page.get_by_label("Trưởng đoàn").fill("Nguyễn Văn An")
    page.get_by_role("button", name="Ghi nhận đã kiểm tra").click()
    page.get_by_role("link", name="Thêm tồn tại, hạn chế").click()
    page.get_by_label("Tồn tại, hạn chế").fill(
        "Kế hoạch CCHC năm chưa xác định đầy đủ nhiệm vụ và kinh phí."
    )
    node_select = page.get_by_label(
        "Lĩnh vực, tiêu chí hoặc tiêu chí thành phần liên quan"
    )
    option = node_select.locator("option", has_text="1.1").first.get_attribute("value")
    node_select.select_option(option)
    page.get_by_role("button", name="Ghi nhận").click()
    finding = Finding.objects.get(inspection=inspection)
    assert finding.node.code == "1.1"
    assert page.get_by_text("Kế hoạch CCHC năm chưa xác định").first.is_visible()

    # Assign a remediation task with a deadline by a directive of the chair.
    page.goto("/directives/new/")
    page.get_by_label("Số văn bản").fill("321/UBND-NC")
    page.locator("input[name='issued_on']").fill("02/06/2025")
    page.get_by_label("Tóm tắt").fill(
        "Chỉ đạo khắc phục tồn tại sau kiểm tra CCHC năm 2025."
    )
    line = page.locator("select[name='form-0-agency']")
    line.select_option(label=low_agency.name)
    page.locator("input[name='form-0-title']").fill(
        "Bổ sung kinh phí thực hiện kế hoạch CCHC"
    )
    page.locator("input[name='form-0-deadline']").fill("31/07/2025")
    page.get_by_role("button", name="Lưu văn bản và các nhiệm vụ").click()
    directive = Directive.objects.get(number="321/UBND-NC")
    task = directive.tasks.get()
    assert (task.agency, task.deadline) == (low_agency, datetime.date(2025, 7, 31))
    assert page.get_by_text(
        "Bổ sung kinh phí thực hiện kế hoạch CCHC"
    ).first.is_visible()


def test_agency_staff_submit_evidence_and_cannot_open_another_agency_task(
    page, browser_problems, snv_user
):
    mine, other = (
        AgencyFactory(name="Sở Y tế Thử nghiệm"),
        AgencyFactory(name="Sở Khác"),
    )
    make_user(Role.AGENCY_STAFF, agency=mine, username="canbo_yte")
    today = timezone.localdate()
    directive = directive_services.directive_create(
        number="45/UBND-NC",
        issued_on=today - datetime.timedelta(days=10),
        summary="Giao nhiệm vụ khắc phục.",
        actor=snv_user,
        assignments=[
            directive_services.DirectiveAssignment(
                agency=mine,
                title="Công khai thủ tục hành chính",
                deadline=today + datetime.timedelta(days=20),
            ),
            directive_services.DirectiveAssignment(
                agency=other,
                title="Việc của cơ quan khác",
                deadline=today + datetime.timedelta(days=20),
            ),
        ],
    )
    my_task = directive.tasks.get(agency=mine)
    their_task = directive.tasks.get(agency=other)

    log_in(page, "canbo_yte")
    page.goto("/tasks/")
    assert page.get_by_role("link", name="Công khai thủ tục hành chính").is_visible()
    assert page.get_by_text("Việc của cơ quan khác").count() == 0

    page.get_by_role("link", name="Công khai thủ tục hành chính").click()
    page.get_by_label("Tệp tài liệu kiểm chứng").set_input_files(
        {"name": "minh-chung.pdf", "mimeType": "application/pdf", "buffer": MINIMAL_PDF}
    )
    page.get_by_role("button", name="Tải lên").click()
    assert page.get_by_role("link", name="minh-chung.pdf").is_visible()
    page.get_by_label("Báo cáo kết quả khắc phục").fill(
        "Đã niêm yết công khai đầy đủ thủ tục hành chính tại Bộ phận Một cửa."
    )
    page.get_by_role("button", name="Gửi báo cáo").click()
    my_task.refresh_from_db()
    assert my_task.status == TaskStatus.SUBMITTED
    assert my_task.evidence.count() == 1

    # Another agency's task: refused, and the page says so in Vietnamese.
    response = page.goto(their_task.get_absolute_url())
    assert response.status == 404
    assert page.get_by_role("heading", name="Không tìm thấy trang").is_visible()
    browser_problems.allow(their_task.get_absolute_url())
    browser_problems.allow("status of 404")
    assert RemediationTask.objects.get(pk=their_task.pk).status == TaskStatus.OPEN


def test_snv_verifies_the_task_sees_the_dashboard_change_and_exports_it(
    page, snv_user, user_a, agency_a
):
    today = timezone.localdate()
    directive = directive_services.directive_create(
        number="77/UBND-NC",
        issued_on=today - datetime.timedelta(days=20),
        summary="Giao nhiệm vụ khắc phục.",
        actor=snv_user,
        assignments=[
            directive_services.DirectiveAssignment(
                agency=agency_a,
                title="Niêm yết công khai thủ tục hành chính",
                deadline=today + datetime.timedelta(days=10),
            )
        ],
    )
    task = directive.tasks.get()
    task_services.task_evidence_add(task=task, actor=user_a, upload=pdf_upload())
    task.refresh_from_db()
    task_services.task_submit(
        task=task, actor=user_a, expected_version=task.version, report="Đã niêm yết."
    )
    snv_user.set_password("pw")
    snv_user.save()

    log_in(page, snv_user.username)
    submitted = page.locator(".dashboard-figure", has_text="Đã báo cáo, chờ xác nhận")
    assert submitted.locator(".fs-3").inner_text() == "1"

    # Verify it from the task page.
    page.goto(task.get_absolute_url())
    page.get_by_role("button", name="Xác nhận", exact=True).click()
    page.wait_for_load_state()
    task.refresh_from_db()
    assert task.status == TaskStatus.VERIFIED
    assert page.get_by_text("Đã xác nhận hoàn thành").first.is_visible()

    # The dashboard counts follow.
    page.goto("/")
    assert submitted.locator(".fs-3").inner_text() == "0"

    # The remediation status per agency, downloaded as XLSX, holds the task.
    page.locator("#main-nav").get_by_role("button", name="Nhiệm vụ").click()
    page.locator("#main-nav").get_by_role("link", name="Tình hình theo cơ quan").click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải XLSX").click()
    workbook = openpyxl.load_workbook(
        io.BytesIO(download_info.value.path().read_bytes())
    )
    cells = [
        str(cell.value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]
    assert agency_a.name in cells
    assert any(
        "TÌNH HÌNH" in value.upper() or "KHẮC PHỤC" in value.upper() for value in cells
    )
