"""Open tasks follow a merged or renamed agency to its successor; after a split
they wait for reassignment by hand."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from indices.access import system_actor
from indices.models import Reorganisation, ReorganisationKind
from inspections.models import RemediationTask, TaskEventKind, TaskStatus
from inspections.services.reorganisations import (
    agency_reorganise,
    tasks_transfer_to_successor,
)
from tests.indices.factories import AgencyFactory
from tests.inspections.factories import RemediationTaskFactory

pytestmark = pytest.mark.django_db
D = datetime.date
MERGER_DAY = D(2025, 3, 1)


def reorganisation(kind, predecessors, successors, day=MERGER_DAY, reference=""):
    event = Reorganisation.objects.create(
        kind=kind, effective_date=day, decision_reference=reference
    )
    event.predecessors.set(predecessors)
    event.successors.set(successors)
    return event


def test_merger_moves_open_tasks_and_leaves_closed_ones(snv_user):
    planning = AgencyFactory(name="Sở Kế hoạch và Đầu tư (thử)")
    finance = AgencyFactory(name="Sở Tài chính (thử)")
    open_task = RemediationTaskFactory(agency=planning, status=TaskStatus.OPEN)
    in_progress = RemediationTaskFactory(agency=planning, status=TaskStatus.IN_PROGRESS)
    submitted = RemediationTaskFactory(agency=planning, status=TaskStatus.SUBMITTED)
    verified = RemediationTaskFactory(agency=planning, status=TaskStatus.VERIFIED)
    cancelled = RemediationTaskFactory(agency=planning, status=TaskStatus.CANCELLED)
    own = RemediationTaskFactory(agency=finance)
    event = reorganisation(
        ReorganisationKind.MERGE,
        [planning, finance],
        [finance],
        reference="45/2025/NĐ-CP",
    )

    result = tasks_transfer_to_successor(reorganisation=event, actor=snv_user)

    assert {t.pk for t in result.moved} == {open_task.pk, in_progress.pk, submitted.pk}
    assert result.to_reassign == []
    for task in (open_task, in_progress, submitted):
        task.refresh_from_db()
        assert task.agency == finance and task.version == 2
        moved = task.events.get(kind=TaskEventKind.REASSIGNED)
        assert moved.old_agency == planning and moved.reorganisation == event
        assert "45/2025/NĐ-CP" in moved.note
    for task in (verified, cancelled):
        task.refresh_from_db()
        assert task.agency == planning
    own.refresh_from_db()
    assert not own.events.exists()

    again = tasks_transfer_to_successor(reorganisation=event, actor=snv_user)
    assert again.moved == []
    assert RemediationTask.objects.filter(agency=finance).count() == 4


def test_rename_moves_tasks_too(snv_user):
    old, new = AgencyFactory(), AgencyFactory()
    task = RemediationTaskFactory(agency=old)
    event = reorganisation(ReorganisationKind.RENAME, [old], [new])
    tasks_transfer_to_successor(reorganisation=event, actor=snv_user)
    task.refresh_from_db()
    assert task.agency == new


def test_split_and_dissolution_leave_tasks_for_manual_reassignment(snv_user):
    whole = AgencyFactory()
    part_1, part_2 = AgencyFactory(), AgencyFactory()
    task = RemediationTaskFactory(agency=whole)
    split = reorganisation(ReorganisationKind.SPLIT, [whole], [part_1, part_2])
    result = tasks_transfer_to_successor(reorganisation=split, actor=snv_user)
    assert result.moved == [] and result.to_reassign == [task]
    task.refresh_from_db()
    assert task.agency == whole and task.version == 1

    district = AgencyFactory()
    district_task = RemediationTaskFactory(agency=district)
    dissolution = reorganisation(
        ReorganisationKind.DISSOLVE, [district], [], D(2025, 7, 1)
    )
    result = tasks_transfer_to_successor(reorganisation=dissolution, actor=snv_user)
    assert result.to_reassign == [district_task]


def test_only_snv_staff_transfer_tasks(user_a, leader_user):
    event = reorganisation(
        ReorganisationKind.RENAME, [AgencyFactory()], [AgencyFactory()]
    )
    for user in (user_a, leader_user):
        with pytest.raises(PermissionDenied):
            tasks_transfer_to_successor(reorganisation=event, actor=user)


def test_agency_reorganise_records_the_event_and_moves_tasks(snv_user):
    old, new = AgencyFactory(), AgencyFactory()
    task = RemediationTaskFactory(agency=old)
    event, transfer = agency_reorganise(
        kind=ReorganisationKind.MERGE,
        effective_date=MERGER_DAY,
        predecessors=[old],
        successors=[new],
        decision_reference="Nghị định 45/2025/NĐ-CP",
        actor=snv_user,
    )
    # The registry side (indices.services.reorganisation_record) ran too.
    assert event.kind == ReorganisationKind.MERGE
    assert list(event.predecessors.all()) == [old] and list(event.successors.all()) == [
        new
    ]
    old.refresh_from_db()
    new.refresh_from_db()
    assert old.active_to == MERGER_DAY - datetime.timedelta(days=1)
    assert new.active_from == MERGER_DAY
    assert transfer.moved == [task]
    task.refresh_from_db()
    assert task.agency == new


def test_a_refused_reorganisation_moves_no_task(snv_user):
    old = AgencyFactory()
    task = RemediationTaskFactory(agency=old)
    with pytest.raises(ValidationError):
        # A merger needs a successor.
        agency_reorganise(
            kind=ReorganisationKind.MERGE,
            effective_date=MERGER_DAY,
            predecessors=[old],
            successors=[],
            actor=snv_user,
        )
    task.refresh_from_db()
    assert task.agency == old
    assert not Reorganisation.objects.exists()


def test_page_confirms_with_the_number_of_tasks_then_records(snv_client):
    old, new = AgencyFactory(name="Sở Cũ Thử"), AgencyFactory(name="Sở Mới Thử")
    RemediationTaskFactory.create_batch(3, agency=old)
    url = reverse("inspections:reorganisation_create")
    data = {
        "kind": "merge",
        "effective_date": "01/03/2025",
        "decision_reference": "Nghị định 45/2025/NĐ-CP",
        "predecessors": [old.pk],
        "successors": [new.pk],
    }
    confirm = snv_client.post(url, data)
    assert confirm.status_code == 200
    assert len(confirm.context["preview"].to_move) == 3
    assert "Sở Mới Thử" in confirm.content.decode()
    assert not Reorganisation.objects.exists()
    done = snv_client.post(url, {**data, "confirmed": "1"})
    event = Reorganisation.objects.get()
    assert done.status_code == 302
    assert done["Location"] == reverse(
        "inspections:reorganisation_tasks", kwargs={"reorganisation_id": event.pk}
    )
    assert RemediationTask.objects.filter(agency=new).count() == 3
    page = snv_client.get(done["Location"])
    assert len(page.context["result"].to_move) == 3


def test_split_page_lists_tasks_waiting_for_reassignment(snv_client):
    whole = AgencyFactory()
    RemediationTaskFactory(agency=whole, title="Việc chờ phân công lại")
    event = reorganisation(
        ReorganisationKind.SPLIT, [whole], [AgencyFactory(), AgencyFactory()]
    )
    page = snv_client.get(
        reverse(
            "inspections:reorganisation_tasks", kwargs={"reorganisation_id": event.pk}
        )
    )
    assert "Việc chờ phân công lại" in page.content.decode()


def test_reorganisation_pages_are_closed_to_agency_staff(client_a, leader_client):
    url = reverse("inspections:reorganisation_create")
    assert client_a.get(url).status_code == 403
    assert leader_client.get(url).status_code == 403


def test_a_reorganisation_recorded_in_advance_moves_tasks_on_its_date(snv_user):
    from freezegun import freeze_time

    from inspections.services.reorganisations import reorganisations_apply_due

    old, new = AgencyFactory(), AgencyFactory()
    task = RemediationTaskFactory(agency=old, deadline=D(2027, 6, 30))
    with freeze_time("2026-11-25"):
        event, transfer = agency_reorganise(
            kind=ReorganisationKind.MERGE,
            effective_date=D(2027, 3, 1),
            predecessors=[old],
            successors=[new],
            actor=snv_user,
        )
        assert transfer.scheduled_for == D(2027, 3, 1) and transfer.moved == []
        task.refresh_from_db()
        assert task.agency == old
        assert (
            reorganisations_apply_due(actor=system_actor(), today=D(2027, 2, 28)) == []
        )
    (applied,) = reorganisations_apply_due(actor=system_actor(), today=D(2027, 3, 1))
    assert applied.moved == [task]
    task.refresh_from_db()
    assert task.agency == new
    event_row = task.events.get(kind=TaskEventKind.REASSIGNED)
    assert event_row.actor is None and event_row.old_agency == old
    # Running again moves nothing.
    assert reorganisations_apply_due(actor=system_actor(), today=D(2027, 3, 2)) == []
