"""The task board's deadline period filter, which the dashboard's "next 14
days" figure links to."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from inspections.models import TaskStatus
from inspections.selectors.tasks import TaskFilters, task_list_for_user
from inspections.views.tasks import task_board_url
from tests.inspections.factories import RemediationTaskFactory

pytestmark = pytest.mark.django_db


def _day(n):
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def tasks(agency_a):
    start = _day(-40)
    made = {}
    for name, deadline, status in [
        ("before", -1, TaskStatus.OPEN),
        ("first", 0, TaskStatus.OPEN),
        ("middle", 7, TaskStatus.SUBMITTED),
        ("last", 14, TaskStatus.IN_PROGRESS),
        ("after", 15, TaskStatus.OPEN),
    ]:
        made[name] = RemediationTaskFactory(
            agency=agency_a,
            title=f"Việc {name}",
            start_date=start,
            deadline=_day(deadline),
            status=status,
        )
    return made


def test_selector_keeps_deadlines_within_the_period(tasks, snv_user):
    rows = task_list_for_user(
        snv_user, filters=TaskFilters(deadline_from=_day(0), deadline_to=_day(14))
    )
    assert [t.title for t in rows] == ["Việc first", "Việc middle", "Việc last"]
    pending = task_list_for_user(
        snv_user,
        filters=TaskFilters(
            status="pending", deadline_from=_day(0), deadline_to=_day(14)
        ),
    )
    assert [t.title for t in pending] == ["Việc first", "Việc last"]


def test_board_form_filters_by_period_and_labels_its_fields(tasks, snv_client):
    url = task_board_url(TaskFilters(deadline_from=_day(0), deadline_to=_day(14)))
    assert url == (
        f"/tasks/?deadline_from={_day(0).isoformat()}&deadline_to={_day(14).isoformat()}"
    )
    response = snv_client.get(url)
    assert [t.title for t in response.context["tasks"]] == [
        "Việc first",
        "Việc middle",
        "Việc last",
    ]
    body = response.content.decode()
    assert (
        '<label class="form-label" for="id_deadline_from">Thời hạn từ ngày</label>'
        in body
    )
    assert (
        '<label class="form-label" for="id_deadline_to">Thời hạn đến ngày</label>'
        in body
    )
    assert f'value="{_day(14).isoformat()}"' in body


def test_board_reports_a_reversed_period(tasks, snv_client):
    response = snv_client.get(
        reverse("inspections:task_list"),
        {"deadline_from": _day(14).isoformat(), "deadline_to": _day(0).isoformat()},
    )
    assert "Ngày kết thúc của khoảng thời gian trước ngày bắt đầu." in (
        response.content.decode()
    )
    # The end is dropped, the start still applies.
    assert [t.title for t in response.context["tasks"]] == ["Việc last", "Việc after"]


def test_board_url_of_no_filter_is_the_board():
    assert task_board_url(TaskFilters()) == reverse("inspections:task_list")


def test_export_follows_the_period_filter(tasks, snv_client):
    import io

    import openpyxl

    response = snv_client.get(
        reverse("inspections:task_export"),
        {"deadline_from": _day(0).isoformat(), "deadline_to": _day(7).isoformat()},
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    titles = [row[0] for row in sheet.iter_rows(values_only=True)]
    assert "Việc first" in titles and "Việc middle" in titles
    assert "Việc last" not in titles and "Việc before" not in titles
