"""Every model is in the admin, and every admin page opens on demo data."""

import io

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from indices.access import system_actor
from indices.models import User
from inspections.services.calendar_feeds import calendar_feed_regenerate
from inspections.services.reminder_digests import reminder_digest_send
from inspections.services.reminders import reminders_deliver, reminders_scan

from .conftest import english_client

pytestmark = pytest.mark.django_db

APPS = ["indices", "inspections"]


def project_models():
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            # django-simple-history's tables are shown on each object's
            # history page, not as models of their own.
            if model.__name__.startswith("Historical"):
                continue
            yield model


def test_every_model_of_both_apps_is_registered():
    missing = [m._meta.label for m in project_models() if m not in admin.site._registry]
    assert not missing, f"not in the admin: {missing}"


def test_historical_models_are_left_out_of_the_check():
    historical = [
        m
        for label in APPS
        for m in apps.get_app_config(label).get_models()
        if m.__name__.startswith("Historical")
    ]
    # Agencies, frameworks, assessments, node scores, tasks, directives,
    # inspections, plans, findings, reorganisations (+ its two m2m tables).
    assert len(historical) >= 12
    assert all(hasattr(m, "instance_type") for m in historical)


def _seed_everything():
    call_command("seed_demo", stdout=io.StringIO())
    reminders_scan(actor=system_actor())
    reminders_deliver(actor=system_actor())
    reminder_digest_send(actor=system_actor())
    calendar_feed_regenerate(user=User.objects.get(username="snv"))


def test_every_admin_page_opens_for_a_superuser_on_demo_data(private_media):
    _seed_everything()
    client = english_client(User.objects.get(username="admin"))
    problems, opened = [], 0
    for model, model_admin in admin.site._registry.items():
        info = f"{model._meta.app_label}_{model._meta.model_name}"
        urls = {
            reverse(f"admin:{info}_changelist"): 200,
            reverse(f"admin:{info}_changelist") + "?q=noi+vu": 200,
            reverse(f"admin:{info}_add"): 200
            if model_admin.has_add_permission(_request(client))
            else 403,
        }
        obj = model._default_manager.order_by("pk").first()
        if obj is None and model._meta.app_label in APPS:
            problems.append(f"{model._meta.label}: no demo row to open")
        if obj is not None:
            urls[reverse(f"admin:{info}_change", args=[obj.pk])] = 200
            if isinstance(model_admin, SimpleHistoryAdmin):
                urls[reverse(f"admin:{info}_history", args=[obj.pk])] = 200
        for url, expected in urls.items():
            status = client.get(url).status_code
            opened += 1
            if status != expected:
                problems.append(f"{url}: {status}, expected {expected}")
    assert not problems, "\n".join(problems)
    assert opened > 100

    # Sở Nội vụ staff given staff status open the same pages within their
    # permissions: never an error page.
    snv = User.objects.get(username="snv")
    User.objects.filter(pk=snv.pk).update(is_staff=True)
    snv_client = english_client(User.objects.get(pk=snv.pk))
    failures = [
        f"{url}: {status}"
        for url in _every_url()
        if (status := snv_client.get(url).status_code) not in (200, 403)
    ]
    assert not failures, "\n".join(failures)


def _every_url():
    for model, model_admin in admin.site._registry.items():
        info = f"{model._meta.app_label}_{model._meta.model_name}"
        yield reverse(f"admin:{info}_changelist")
        yield reverse(f"admin:{info}_add")
        obj = model._default_manager.order_by("pk").first()
        if obj is not None:
            yield reverse(f"admin:{info}_change", args=[obj.pk])
            if isinstance(model_admin, SimpleHistoryAdmin):
                yield reverse(f"admin:{info}_history", args=[obj.pk])


def _request(client):
    class Request:
        user = User.objects.get(username="admin")

    return Request()


def test_admin_index_is_vietnamese_and_in_working_order(superuser):
    client = english_client(superuser)
    client.cookies.pop("django_language", None)
    response = client.get(reverse("admin:index"))
    body = response.content.decode()
    assert "Quản trị dữ liệu" in body  # index_title
    assert "Theo dõi CCHC – Quản trị hệ thống" in body  # site_header
    apps_shown = [app["app_label"] for app in response.context["app_list"]]
    assert apps_shown[:3] == ["indices", "inspections", "auth"]
    indices = next(
        a for a in response.context["app_list"] if a["app_label"] == "indices"
    )
    assert [m["object_name"] for m in indices["models"]] == [
        "Agency",
        "Reorganisation",
        "User",
        "Framework",
        "FrameworkNode",
        "Band",
        "Assessment",
        "NodeScore",
    ]
    inspections = next(
        a for a in response.context["app_list"] if a["app_label"] == "inspections"
    )
    assert [m["object_name"] for m in inspections["models"]][:6] == [
        "InspectionPlan",
        "CoverageTarget",
        "Inspection",
        "Finding",
        "Directive",
        "RemediationTask",
    ]
