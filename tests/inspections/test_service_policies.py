"""Every write service checks its actor itself (inspections.policies), so a
caller that skipped the page's guard still writes nothing; the system actor
(commands, Celery, the demo) may run them."""

import pytest
from django.core.exceptions import PermissionDenied

from indices.access import system_actor
from inspections.models import (
    CalendarFeed,
    Finding,
    Inspection,
    InspectionPlan,
    InspectionStatus,
    PlanStatus,
    Reminder,
    ReminderScan,
)
from inspections.policies.inspections import (
    InspectionAction,
    allowed_inspection_actions,
)
from inspections.services.calendar_feeds import (
    calendar_feed_regenerate,
    calendar_feed_revoke,
)
from inspections.services.findings import finding_create
from inspections.services.inspections import inspection_conduct, inspection_delete
from inspections.services.plans import plan_approve, plan_create, plan_item_add
from inspections.services.reminder_admin import reminder_requeue
from inspections.services.reminders import reminders_scan
from inspections.services.reorganisations import reorganisations_apply_due
from tests.inspections.plan_helpers import D, draft_plan, item

pytestmark = pytest.mark.django_db


def test_leadership_cannot_approve_a_plan(leader_user):
    plan = draft_plan(targets={"department": "0"})
    with pytest.raises(PermissionDenied):
        plan_approve(plan=plan, actor=leader_user, approved_on=D(2024, 1, 20))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT and plan.approved_by is None


def test_only_sovn_staff_create_plans_and_items(leader_user, user_a, agency_a):
    for user in (leader_user, user_a):
        with pytest.raises(PermissionDenied):
            plan_create(year=2030, actor=user)
    assert not InspectionPlan.objects.exists()
    plan = draft_plan()
    with pytest.raises(PermissionDenied):
        plan_item_add(plan=plan, agency=agency_a, actor=user_a)
    assert not plan.inspections.exists()


def test_an_agency_user_cannot_record_a_finding_on_its_own_inspection(user_a, agency_a):
    inspection = item(draft_plan(), agency_a, status=InspectionStatus.CONDUCTED)
    with pytest.raises(PermissionDenied):
        finding_create(
            inspection=inspection, actor=user_a, description="x", severity="minor"
        )
    assert not Finding.objects.exists()


def test_an_agency_user_cannot_change_its_own_inspection(user_a, agency_a):
    inspection = item(draft_plan(), agency_a)
    with pytest.raises(PermissionDenied):
        inspection_conduct(
            inspection=inspection,
            actor=user_a,
            start_date=D(2024, 5, 14),
            end_date=D(2024, 5, 15),
            team_lead="Nguyễn Văn Hùng",
            today=D(2024, 12, 1),
        )
    with pytest.raises(PermissionDenied):
        inspection_delete(inspection=inspection, actor=user_a)
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.PLANNED


def test_the_system_actor_may_run_the_services(agency_a):
    plan = plan_create(year=2024, document_number="1/KH", actor=system_actor())
    inspection = plan_item_add(plan=plan, agency=agency_a, actor=system_actor())
    assert Inspection.objects.filter(pk=inspection.pk).exists()
    # simple-history names the system as the author outside a request.
    assert inspection.history.get().history_user.username == "system"


def test_allowed_inspection_actions_follow_role_agency_and_status(
    snv_user, leader_user, user_a, agency_a
):
    planned = item(draft_plan(), agency_a)
    assert allowed_inspection_actions(snv_user, planned) == {
        InspectionAction.UPDATE,
        InspectionAction.CONDUCT,
        InspectionAction.CANCEL,
        InspectionAction.DELETE,
    }
    assert allowed_inspection_actions(leader_user, planned) == frozenset()
    assert allowed_inspection_actions(user_a, planned) == frozenset()


def test_reminder_runs_need_the_right(leader_user, user_a):
    for user in (leader_user, user_a):
        with pytest.raises(PermissionDenied):
            reminders_scan(actor=user)
        with pytest.raises(PermissionDenied):
            reorganisations_apply_due(today=D(2026, 3, 1), actor=user)
    assert not ReminderScan.objects.exists()
    with pytest.raises(PermissionDenied):
        reminder_requeue(reminder=Reminder(pk=1), actor=leader_user)


def test_a_user_revokes_only_their_own_calendar_address(user_a, user_b):
    calendar_feed_regenerate(user=user_a)
    with pytest.raises(PermissionDenied):
        calendar_feed_revoke(user=user_a, actor=user_b)
    assert CalendarFeed.objects.filter(user=user_a).exists()
    assert calendar_feed_revoke(user=user_a)
