"""The private iCalendar feed: token, revocation, scope and RFC 5545 format."""

import datetime

import pytest
from django.urls import reverse
from freezegun import freeze_time

from inspections.deadline_calendar import AllDayEvent, event_component
from inspections.models import CalendarFeed, TaskStatus
from inspections.services.calendar_feeds import (
    calendar_feed_regenerate,
    calendar_feed_revoke,
)
from tests.inspections.factories import RemediationTaskFactory

pytestmark = pytest.mark.django_db


def feed_path(feed) -> str:
    return reverse("inspections:calendar_feed_ics", kwargs={"token": feed.token})


def content(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8")


def unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


@pytest.fixture
def tasks(agency_a, agency_b):
    return {
        "a": RemediationTaskFactory(
            agency=agency_a,
            title="Rà soát TTHC; cập nhật, công khai",
            start_date=datetime.date(2026, 1, 1),
            deadline=datetime.date(2026, 3, 16),
        ),
        "b": RemediationTaskFactory(
            agency=agency_b,
            title="Nhiệm vụ của cơ quan B",
            start_date=datetime.date(2026, 1, 1),
            deadline=datetime.date(2026, 4, 1),
        ),
    }


def test_an_agency_users_feed_lists_only_its_agencys_deadlines(client, user_a, tasks):
    feed = calendar_feed_regenerate(user=user_a)
    with freeze_time("2026-03-10 09:00:00+07:00"):
        response = client.get(feed_path(feed))  # no login: the token is the key
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    lines = unfold(content(response))
    assert f"UID:remediation-task-{tasks['a'].pk}@127.0.0.1" in lines
    assert not any(str(tasks["b"].title) in line for line in lines)
    assert lines.count("BEGIN:VEVENT") == 1


def test_a_sovn_users_feed_lists_every_agency(client, snv_user, tasks):
    feed = calendar_feed_regenerate(user=snv_user)
    body = content(client.get(feed_path(feed)))
    assert body.count("BEGIN:VEVENT") == 2


def test_the_feed_is_valid_icalendar(client, user_a, tasks, settings):
    settings.SITE_BASE_URL = "https://cchc.example.gov.vn"
    feed = calendar_feed_regenerate(user=user_a)
    with freeze_time("2026-03-10 09:00:00+07:00"):
        text = content(client.get(feed_path(feed)))
    physical = text.split("\r\n")
    assert text.endswith("END:VCALENDAR\r\n") and "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode("utf-8")) <= 75 for line in physical)
    lines = unfold(text)
    assert lines[0] == "BEGIN:VCALENDAR"
    assert "VERSION:2.0" in lines
    assert "X-WR-TIMEZONE:Asia/Ho_Chi_Minh" in lines
    assert any(line.startswith("X-WR-CALNAME:Thời hạn nhiệm vụ CCHC") for line in lines)
    task = tasks["a"]
    assert "DTSTART;VALUE=DATE:20260316" in lines
    assert "DTEND;VALUE=DATE:20260317" in lines
    assert (
        "SUMMARY:Hạn: Rà soát TTHC\\; cập nhật\\, công khai – Sở Thử nghiệm A" in lines
    )
    assert f"URL;VALUE=URI:https://cchc.example.gov.vn/tasks/{task.pk}/" in lines
    assert any(line.startswith("DTSTAMP:") and line.endswith("Z") for line in lines)
    description = next(line for line in lines if line.startswith("DESCRIPTION:"))
    assert "Cơ quan\\, đơn vị chủ trì: Sở Thử nghiệm A\\nTrạng thái:" in description


def test_uids_are_stable_across_fetches(client, user_a, tasks):
    feed = calendar_feed_regenerate(user=user_a)
    first = [
        x for x in unfold(content(client.get(feed_path(feed)))) if x.startswith("UID:")
    ]
    second = [
        x for x in unfold(content(client.get(feed_path(feed)))) if x.startswith("UID:")
    ]
    assert first == second and len(first) == 1


def test_overdue_and_done_tasks_are_labelled(client, user_a, agency_a):
    RemediationTaskFactory(
        agency=agency_a,
        title="Trễ",
        start_date=datetime.date(2026, 1, 1),
        deadline=datetime.date(2026, 3, 1),
    )
    RemediationTaskFactory(
        agency=agency_a,
        title="Xong",
        status=TaskStatus.VERIFIED,
        start_date=datetime.date(2026, 1, 1),
        deadline=datetime.date(2026, 3, 2),
    )
    RemediationTaskFactory(
        agency=agency_a,
        title="Cũ",
        status=TaskStatus.VERIFIED,
        start_date=datetime.date(2025, 1, 1),
        deadline=datetime.date(2025, 3, 2),
    )
    feed = calendar_feed_regenerate(user=user_a)
    with freeze_time("2026-03-10 09:00:00+07:00"):
        lines = unfold(content(client.get(feed_path(feed))))
    assert "SUMMARY:[Quá hạn] Trễ – Sở Thử nghiệm A" in lines
    assert "SUMMARY:[Hoàn thành] Xong – Sở Thử nghiệm A" in lines
    assert not any("Cũ" in line for line in lines)  # closed long ago


def test_a_revoked_or_unknown_token_answers_404(client, user_a, tasks):
    feed = calendar_feed_regenerate(user=user_a)
    path = feed_path(feed)
    assert client.get(path).status_code == 200
    calendar_feed_revoke(user=user_a)
    assert client.get(path).status_code == 404
    assert (
        client.get(
            reverse("inspections:calendar_feed_ics", kwargs={"token": "x"})
        ).status_code
        == 404
    )


def test_a_new_address_replaces_the_old_one(client, user_a, tasks):
    old = feed_path(calendar_feed_regenerate(user=user_a))
    new = feed_path(calendar_feed_regenerate(user=user_a))
    assert old != new
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_an_inactive_users_feed_answers_404(client, user_a, tasks):
    feed = calendar_feed_regenerate(user=user_a)
    user_a.is_active = False
    user_a.save()
    assert client.get(feed_path(feed)).status_code == 404


def test_the_calendar_page_creates_regenerates_and_revokes(client_a, user_a):
    page = reverse("inspections:calendar_feed")
    assert "Bạn chưa có địa chỉ lịch." in client_a.get(page).content.decode()
    client_a.post(reverse("inspections:calendar_feed_regenerate"))
    feed = CalendarFeed.objects.get(user=user_a)
    body = client_a.get(page).content.decode()
    assert feed.token in body and "data-confirm" in body
    client_a.post(reverse("inspections:calendar_feed_regenerate"))
    assert CalendarFeed.objects.get(user=user_a).token != feed.token
    client_a.post(reverse("inspections:calendar_feed_revoke"))
    assert not CalendarFeed.objects.filter(user=user_a).exists()


def test_the_calendar_page_shows_only_the_users_own_address(client_b, user_a):
    feed = calendar_feed_regenerate(user=user_a)
    body = client_b.get(reverse("inspections:calendar_feed")).content.decode()
    assert feed.token not in body


def test_calendar_actions_need_post(client_a):
    assert client_a.get(reverse("inspections:calendar_feed_revoke")).status_code == 405
    assert (
        client_a.get(reverse("inspections:calendar_feed_regenerate")).status_code == 405
    )


def _event_text(summary: str) -> str:
    event = AllDayEvent(
        uid="u@x",
        day=datetime.date(2026, 3, 16),
        summary=summary,
        description="",
        url="https://x/",
        stamp=datetime.datetime(2026, 3, 10, tzinfo=datetime.UTC),
    )
    return event_component(event).to_ical().decode("utf-8")


def _summary_line(text: str) -> str:
    return next(line for line in unfold(text) if line.startswith("SUMMARY:"))


def test_escaping_follows_rfc_5545():
    text = _event_text("a\\b;c,d\ne")
    assert _summary_line(text) == "SUMMARY:" + "a\\\\b\\;c\\,d\\ne"


def test_folding_keeps_utf8_characters_whole_and_lines_within_75_octets():
    summary = "Nhiệm vụ khắc phục tồn tại, hạn chế " * 6
    physical = _event_text(summary).split("\r\n")
    start = next(i for i, p in enumerate(physical) if p.startswith("SUMMARY:"))
    end = next(
        i for i in range(start + 1, len(physical)) if not physical[i].startswith(" ")
    )
    parts = physical[start:end]
    assert len(parts) > 1
    assert all(len(p.encode("utf-8")) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert "\r\n".join(parts).replace("\r\n ", "") == "SUMMARY:" + summary.replace(
        ",", "\\,"
    )
    assert "SUMMARY:x" in _event_text("x").split("\r\n")  # a short line stays


def test_each_owed_tasks_event_has_a_reminder_the_day_before(client, user_a, tasks):
    RemediationTaskFactory(
        agency=tasks["a"].agency,
        title="Xong",
        status=TaskStatus.VERIFIED,
        start_date=datetime.date(2026, 1, 1),
        deadline=datetime.date(2026, 3, 20),
    )
    feed = calendar_feed_regenerate(user=user_a)
    with freeze_time("2026-03-10 09:00:00+07:00"):
        lines = unfold(content(client.get(feed_path(feed))))
    assert lines.count("BEGIN:VEVENT") == 2
    # One alarm, for the open task only: a closed task needs no reminder.
    assert lines.count("BEGIN:VALARM") == 1
    alarm = lines[lines.index("BEGIN:VALARM") : lines.index("END:VALARM")]
    assert "ACTION:DISPLAY" in alarm and "TRIGGER:-P1D" in alarm
    assert any(line.startswith("DESCRIPTION:Hạn: Rà soát TTHC") for line in alarm)
