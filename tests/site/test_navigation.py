"""The main menu: grouped in dropdowns per role, current entry marked."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import translation

from core.navigation import nav_entries
from indices.models import User
from tests.inspections.factories import RemediationTaskFactory

pytestmark = pytest.mark.django_db


def _shape(entries) -> list:
    """Labels in English (the msgids) for readability."""
    with translation.override("en"):
        return _labels(entries)


def _labels(entries) -> list:
    return [
        (str(e["label"]), [str(c["label"]) for c in e["children"]])
        if "children" in e
        else str(e["label"])
        for e in entries
    ]


def test_oversight_roles_get_four_entries_with_three_dropdowns(snv_user, leader_user):
    for user in (snv_user, leader_user):
        assert _shape(nav_entries(user, "")) == [
            "Overview",
            ("PAR index", ["Ranking", "Frameworks", "Agencies"]),
            ("Inspections", ["Inspection plans", "Inspection records"]),
            ("Tasks", ["Remediation tasks", "Status per agency", "Directives"]),
        ]


def test_a_dropdown_left_with_one_entry_becomes_a_plain_link(user_a):
    # Agency staff see no plan page: "Inspections" holds one entry only.
    assert _shape(nav_entries(user_a, "")) == [
        "Overview",
        ("PAR index", ["Ranking", "Frameworks", "Agencies"]),
        "Inspection records",
        ("Tasks", ["Remediation tasks", "Status per agency", "Directives"]),
    ]


def test_no_role_no_menu(agency_a):
    without_role = User.objects.create_user("no-role", agency=agency_a)
    assert nav_entries(without_role, "") == []
    assert nav_entries(AnonymousUser(), "") == []


def test_current_entry_and_its_dropdown_are_marked(snv_user):
    entries = nav_entries(snv_user, "inspections:task_detail")
    tasks = entries[3]
    assert tasks["active"] is True
    assert [(c["active"], c["current"]) for c in tasks["children"]] == [
        (True, "true"),  # a page under "Remediation tasks"
        (False, ""),
        (False, ""),
    ]
    assert not any(e["active"] for e in entries[:3])
    list_page = nav_entries(snv_user, "inspections:task_list")[3]
    assert list_page["children"][0]["current"] == "page"
    ranking = nav_entries(snv_user, "indices:scorecard")[1]
    assert ranking["children"][0]["current"] == "true"


def test_menu_html_is_keyboard_friendly_dropdowns(snv_client):
    body = snv_client.get(reverse("inspections:task_list")).content.decode()
    toggles = re.findall(
        r'<button type="button" class="nav-link dropdown-toggle[^"]*"[^>]*>', body
    )
    assert len(toggles) == 3
    assert all(
        'data-bs-toggle="dropdown"' in t and 'aria-expanded="false"' in t
        for t in toggles
    )
    assert 'class="nav-link dropdown-toggle active"' in body
    assert "(mục đang xem)" in body
    assert re.search(
        r'<a class="dropdown-item active" href="/tasks/" aria-current="page">', body
    )
    # Collapses below the lg breakpoint behind a labelled toggler.
    assert 'class="navbar navbar-expand-lg' in body
    assert 'aria-controls="main-nav"' in body


def test_task_page_marks_its_menu_entry(snv_client, agency_a):
    task = RemediationTaskFactory(agency=agency_a)
    body = snv_client.get(task.get_absolute_url()).content.decode()
    assert re.search(
        r'<a class="dropdown-item active" href="/tasks/" aria-current="true">', body
    )


def test_agency_user_menu_has_a_plain_inspections_link(client_a):
    body = client_a.get(reverse("core:home")).content.decode()
    assert re.search(r'<a class="nav-link" href="/inspections/">', body)
    assert reverse("inspections:plan_list") not in body
    assert re.search(r'<a class="nav-link active" href="/" aria-current="page">', body)
