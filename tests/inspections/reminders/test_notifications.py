"""In-app notifications: the bell on every page, the list, mark as read."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inspections.context_processors import notifications as bell
from inspections.models import Notification
from tests.querycount import assert_constant_queries

pytestmark = pytest.mark.django_db


def notify(user, n=1, **kwargs):
    return [
        Notification.objects.create(
            user=user,
            title=kwargs.get("title", f"Còn 3 ngày đến hạn: nhiệm vụ {i}"),
            body="Sở Thử nghiệm A · thời hạn 16/03/2026",
            url=kwargs.get("url", "/tasks/1/"),
        )
        for i in range(n)
    ]


def test_the_bell_shows_the_unread_count_on_every_page(client_a, user_a):
    notify(user_a, 3)
    Notification.objects.filter(pk=notify(user_a)[0].pk).update(
        read_at="2026-03-01T00:00Z"
    )
    body = client_a.get(reverse("core:home")).content.decode()
    assert "3 thông báo chưa đọc" in body
    assert 'href="/notifications/"' in body


def test_the_bell_costs_one_query(rf, user_a):
    notify(user_a, 5)
    request = rf.get("/")
    request.user = user_a
    with CaptureQueriesContext(connection) as queries:
        context = bell(request)
    assert context["notification_unread"] == 5
    assert len(queries) == 1


def test_anonymous_pages_have_no_bell(rf):
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/")
    request.user = AnonymousUser()
    assert bell(request) == {}


def test_the_list_shows_only_the_users_own_notifications(client_a, user_a, user_b):
    notify(user_a, title="Của cán bộ A")
    notify(user_b, title="Của cán bộ B")
    body = client_a.get(reverse("inspections:notification_list")).content.decode()
    assert "Của cán bộ A" in body and "Của cán bộ B" not in body
    assert "Chưa đọc" in body  # status in words, not colour alone


def test_the_list_runs_a_constant_number_of_queries(client_a, user_a):
    notify(user_a, 5)
    assert_constant_queries(
        lambda: client_a.get(reverse("inspections:notification_list")),
        lambda: notify(user_a, 45),
        expected=9,  # session, user, role, 2 × permissions, agency, bell, count, page
    )


def test_the_list_is_paginated(client_a, user_a):
    notify(user_a, 30)
    response = client_a.get(reverse("inspections:notification_list"))
    assert len(response.context["notifications"]) == 25
    assert response.context["page_obj"].paginator.num_pages == 2


def test_opening_a_notification_marks_it_read_and_follows_its_link(client_a, user_a):
    (notification,) = notify(user_a, url="/tasks/7/")
    url = reverse(
        "inspections:notification_read", kwargs={"notification_id": notification.pk}
    )
    response = client_a.post(url, {"next": "/tasks/7/"})
    assert response.status_code == 302 and response["Location"] == "/tasks/7/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_an_outside_link_is_not_followed(client_a, user_a):
    (notification,) = notify(user_a)
    url = reverse(
        "inspections:notification_read", kwargs={"notification_id": notification.pk}
    )
    response = client_a.post(url, {"next": "https://evil.example.com/"})
    assert response["Location"] == reverse("inspections:notification_list")


def test_another_users_notification_answers_404_and_stays_unread(client_b, user_a):
    (notification,) = notify(user_a)
    url = reverse(
        "inspections:notification_read", kwargs={"notification_id": notification.pk}
    )
    assert client_b.post(url).status_code == 404
    assert client_b.get(url).status_code == 405
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_as_read(client_a, user_a, user_b):
    notify(user_a, 4)
    notify(user_b, 2)
    response = client_a.post(reverse("inspections:notification_read_all"))
    assert response.status_code == 302
    assert not Notification.objects.filter(user=user_a, read_at__isnull=True).exists()
    assert Notification.objects.filter(user=user_b, read_at__isnull=True).count() == 2
