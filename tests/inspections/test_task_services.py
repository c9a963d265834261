"""Remediation task services: creation, the workflow, permissions, history."""

import datetime
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from indices.models import Reorganisation, ReorganisationKind
from indices.roles import Role
from inspections.models import (
    DeadlineBasis,
    RemediationTask,
    TaskEventKind,
    TaskSource,
    TaskStatus,
)
from inspections.services import tasks as services
from tests.indices.factories import AgencyFactory, make_user
from tests.inspections.factories import (
    FindingFactory,
    InspectionFactory,
    RemediationTaskFactory,
)
from tests.inspections.files import pdf_upload, renamed_executable

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def task(agency_a):
    return RemediationTaskFactory(
        agency=agency_a, start_date=D(2026, 1, 5), deadline=D(2026, 12, 31)
    )


def submitted(task, user, snv_user=None):
    services.task_evidence_add(task=task, actor=user, upload=pdf_upload())
    task.refresh_from_db()
    return services.task_submit(
        task=task, actor=user, expected_version=task.version, report="Đã khắc phục."
    )


# --- Creation -----------------------------------------------------------------------------


def test_task_from_finding_defaults_to_15_working_days_from_the_conclusion_notice(
    snv_user, agency_a
):
    inspection = InspectionFactory(
        agency=agency_a,
        status="concluded",
        start_date=D(2025, 1, 10),
        conclusion_date=D(2025, 1, 20),
        conclusion_number="12/TB-SNV",
    )
    finding = FindingFactory(inspection=inspection)
    task = services.task_create_from_finding(finding=finding, actor=snv_user)
    assert task.source == TaskSource.FINDING and task.finding == finding
    assert task.agency == agency_a
    assert task.start_date == D(2025, 1, 20)
    assert (
        task.deadline_basis == DeadlineBasis.WORKING_DAYS and task.deadline_days == 15
    )
    # 21–24/01, then the Tết break to 02/02, then 03/02 onwards.
    assert task.deadline == D(2025, 2, 17)
    assert finding.description in task.description
    event = task.events.get()
    assert event.kind == TaskEventKind.CREATED and event.actor == snv_user


def test_default_working_days_come_from_the_setting(settings, snv_user, agency_a):
    settings.CCHC_REMEDIATION_WORKING_DAYS = 7
    inspection = InspectionFactory(
        agency=agency_a,
        status="concluded",
        start_date=D(2026, 8, 1),
        conclusion_date=D(2026, 8, 21),
    )
    task = services.task_create_from_finding(
        finding=FindingFactory(inspection=inspection), actor=snv_user
    )
    # Sat 22/08/2026 is a working day (1); 24–28/08 (2–6); Mon 31/08 – Wed
    # 02/09 are off; Thu 03/09 is the 7th.
    assert task.deadline == D(2026, 9, 3)


def test_finding_of_a_merged_agency_goes_to_its_successor(snv_user):
    old = AgencyFactory(active_to=D(2025, 2, 28))
    new = AgencyFactory(active_from=D(2025, 3, 1))
    event = Reorganisation.objects.create(
        kind=ReorganisationKind.MERGE, effective_date=D(2025, 3, 1)
    )
    event.predecessors.set([old])
    event.successors.set([new])
    inspection = InspectionFactory(
        agency=old,
        status="concluded",
        start_date=D(2024, 9, 1),
        conclusion_date=D(2024, 9, 20),
    )
    task = services.task_create_from_finding(
        finding=FindingFactory(inspection=inspection), actor=snv_user
    )
    assert task.agency == new


def test_a_task_for_an_agency_that_no_longer_exists_is_refused(snv_user):
    gone = AgencyFactory(active_to=D(2025, 6, 30))
    with pytest.raises(ValidationError) as error:
        services.task_create(
            agency=gone,
            title="Việc",
            source=TaskSource.DIRECTIVE,
            directive=RemediationTaskFactory().directive,
            actor=snv_user,
            start_date=timezone.localdate(),
            deadline_basis=DeadlineBasis.CALENDAR_DAYS,
            deadline_days=10,
        )
    assert "agency" in error.value.message_dict


def test_only_snv_staff_create_tasks(user_a, leader_user, agency_a):
    finding = FindingFactory(inspection=InspectionFactory(agency=agency_a))
    for user in (user_a, leader_user):
        with pytest.raises(PermissionDenied):
            services.task_create_from_finding(finding=finding, actor=user)
    assert not RemediationTask.objects.exists()


def test_deadline_in_days_needs_a_number(snv_user, agency_a):
    with pytest.raises(ValidationError) as error:
        services.task_create(
            agency=agency_a,
            title="Việc",
            source=TaskSource.DIRECTIVE,
            directive=RemediationTaskFactory().directive,
            actor=snv_user,
            start_date=D(2026, 1, 5),
            deadline_basis=DeadlineBasis.WORKING_DAYS,
        )
    assert "deadline_days" in error.value.message_dict


# --- The agency's workflow ---------------------------------------------------------------------


def test_progress_moves_an_open_task_in_progress_and_bumps_the_version(task, user_a):
    updated = services.task_progress_report(
        task=task, actor=user_a, expected_version=1, percent=40, note="Đã rà soát."
    )
    assert (updated.status, updated.progress_percent, updated.version) == (
        TaskStatus.IN_PROGRESS,
        40,
        2,
    )
    event = updated.events.get(kind=TaskEventKind.PROGRESS)
    assert (event.progress_percent, event.note, event.actor) == (
        40,
        "Đã rà soát.",
        user_a,
    )


def test_progress_with_nothing_new_is_refused(task, user_a):
    with pytest.raises(ValidationError) as error:
        services.task_progress_report(
            task=task, actor=user_a, expected_version=1, percent=0, note=" "
        )
    assert "note" in error.value.message_dict


def test_submission_needs_a_report_and_evidence(task, user_a):
    with pytest.raises(ValidationError) as error:
        services.task_submit(task=task, actor=user_a, expected_version=1, report="")
    assert "report" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.task_submit(
            task=task, actor=user_a, expected_version=1, report="Xong."
        )
    assert error.value.error_dict["report"][0].code == "evidence_missing"
    assert "tài liệu kiểm chứng" in error.value.messages[0]
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN and task.version == 1


def test_a_task_answered_by_a_report_alone_needs_no_evidence(agency_a, user_a):
    task = RemediationTaskFactory(agency=agency_a, requires_evidence=False)
    done = services.task_submit(
        task=task, actor=user_a, expected_version=1, report="Xong."
    )
    assert done.status == TaskStatus.SUBMITTED and done.submitted_at


def test_full_workflow_is_recorded_in_events_and_history(task, user_a, snv_user):
    task = submitted(task, user_a)
    task = services.task_return(
        task=task,
        actor=snv_user,
        expected_version=task.version,
        reason="Thiếu biên bản.",
    )
    assert task.status == TaskStatus.IN_PROGRESS and task.submitted_at is None
    task = services.task_submit(
        task=task, actor=user_a, expected_version=task.version, report="Đã bổ sung."
    )
    task = services.task_verify(
        task=task, actor=snv_user, expected_version=task.version, note="Đạt."
    )
    assert task.status == TaskStatus.VERIFIED and task.verified_by == snv_user
    kinds = list(task.events.order_by("pk").values_list("kind", flat=True))
    # (The factory made the task without the service, so no "created" event.)
    assert kinds == [
        TaskEventKind.EVIDENCE,
        TaskEventKind.SUBMITTED,
        TaskEventKind.RETURNED,
        TaskEventKind.SUBMITTED,
        TaskEventKind.VERIFIED,
    ]
    # django-simple-history keeps every saved version of the row.
    assert task.history.count() == 6
    assert task.version == 6


def test_return_needs_a_reason(task, user_a, snv_user):
    task = submitted(task, user_a)
    with pytest.raises(ValidationError) as error:
        services.task_return(
            task=task, actor=snv_user, expected_version=task.version, reason=" "
        )
    assert "reason" in error.value.message_dict


def test_submitted_late_is_shown_for_a_report_after_the_deadline(agency_a, user_a):
    task = RemediationTaskFactory(
        agency=agency_a, start_date=D(2024, 1, 1), deadline=D(2024, 6, 30)
    )
    task = submitted(task, user_a)
    assert task.submitted_late


# --- Permissions ---------------------------------------------------------------------------------


def test_agency_staff_cannot_verify_return_or_change_deadlines(task, user_a):
    task = submitted(task, user_a)
    calls = [
        lambda: services.task_verify(task=task, actor=user_a, expected_version=None),
        lambda: services.task_return(
            task=task, actor=user_a, expected_version=None, reason="x"
        ),
        lambda: services.task_deadline_change(
            task=task,
            actor=user_a,
            expected_version=None,
            new_deadline=D(2027, 1, 31),
            reason="x",
        ),
        lambda: services.task_cancel(
            task=task, actor=user_a, expected_version=None, reason="x"
        ),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()


def test_an_agency_with_the_verify_permission_still_cannot_verify_its_own_task(
    task, user_a
):
    from django.contrib.auth.models import Permission

    user_a.user_permissions.add(
        Permission.objects.get(codename="verify_remediationtask")
    )
    user_a = type(user_a).objects.get(pk=user_a.pk)
    task = submitted(task, user_a)
    with pytest.raises(PermissionDenied):
        services.task_verify(task=task, actor=user_a, expected_version=None)


def test_other_agencies_and_leadership_cannot_report(
    task, user_b, leader_user, snv_user
):
    for user in (user_b, leader_user):
        with pytest.raises(PermissionDenied):
            services.task_progress_report(
                task=task, actor=user, expected_version=1, percent=10, note="x"
            )
        with pytest.raises(PermissionDenied):
            services.task_evidence_add(task=task, actor=user, upload=pdf_upload())
    # Sở Nội vụ may report on an agency's behalf (e.g. a paper report).
    services.task_progress_report(
        task=task,
        actor=snv_user,
        expected_version=1,
        percent=10,
        note="Theo văn bản giấy.",
    )


def test_a_verified_task_cannot_be_changed_any_more(task, user_a, snv_user):
    task = submitted(task, user_a)
    task = services.task_verify(
        task=task, actor=snv_user, expected_version=task.version
    )
    with pytest.raises(ValidationError) as error:
        services.task_deadline_change(
            task=task,
            actor=snv_user,
            expected_version=task.version,
            new_deadline=D(2027, 3, 1),
            reason="Gia hạn",
        )
    assert error.value.code == "status"


# --- Deadline changes, reassignment, cancellation ------------------------------------------------


def test_deadline_change_needs_a_reason_and_keeps_before_and_after(task, snv_user):
    with pytest.raises(ValidationError) as error:
        services.task_deadline_change(
            task=task,
            actor=snv_user,
            expected_version=1,
            new_deadline=D(2027, 1, 31),
            reason="",
        )
    assert "reason" in error.value.message_dict
    task = services.task_deadline_change(
        task=task,
        actor=snv_user,
        expected_version=1,
        new_deadline=D(2027, 1, 31),
        reason="Chờ hướng dẫn của Bộ.",
    )
    event = task.events.get(kind=TaskEventKind.DEADLINE_CHANGED)
    assert (event.old_deadline, event.new_deadline, event.actor) == (
        D(2026, 12, 31),
        D(2027, 1, 31),
        snv_user,
    )
    assert event.note == "Chờ hướng dẫn của Bộ."
    before, after = task.history.order_by("history_id")[:2]
    assert (before.deadline, after.deadline) == (D(2026, 12, 31), D(2027, 1, 31))
    assert after.history_user == snv_user


def test_an_extension_granted_by_the_chair_must_name_the_directive(task, snv_user):
    with pytest.raises(ValidationError) as error:
        services.task_deadline_change(
            task=task,
            actor=snv_user,
            expected_version=1,
            new_deadline=D(2027, 1, 31),
            reason="Chủ tịch cho gia hạn.",
            granted_by_chair=True,
        )
    assert "directive_reference" in error.value.message_dict
    task = services.task_deadline_change(
        task=task,
        actor=snv_user,
        expected_version=1,
        new_deadline=D(2027, 1, 31),
        reason="Chủ tịch cho gia hạn.",
        granted_by_chair=True,
        directive_reference="Công văn 45/UBND-NC ngày 12/05/2026",
    )
    event = task.events.get(kind=TaskEventKind.DEADLINE_CHANGED)
    assert event.directive_reference == "Công văn 45/UBND-NC ngày 12/05/2026"


def test_reassignment_records_the_previous_agency(task, snv_user, agency_a, agency_b):
    task = services.task_reassign(
        task=task,
        actor=snv_user,
        expected_version=1,
        agency=agency_b,
        reason="Chia tách.",
    )
    assert task.agency == agency_b
    event = task.events.get(kind=TaskEventKind.REASSIGNED)
    assert event.old_agency == agency_a and event.note == "Chia tách."


def test_cancellation_needs_a_reason(task, snv_user):
    with pytest.raises(ValidationError):
        services.task_cancel(task=task, actor=snv_user, expected_version=1, reason="")
    task = services.task_cancel(
        task=task, actor=snv_user, expected_version=1, reason="Trùng nhiệm vụ khác."
    )
    assert task.status == TaskStatus.CANCELLED


# --- Optimistic concurrency ----------------------------------------------------------------------


def test_a_write_based_on_an_old_version_is_refused_and_changes_nothing(task, user_a):
    services.task_progress_report(
        task=task, actor=user_a, expected_version=1, percent=30, note="Lần 1"
    )
    with pytest.raises(services.StaleTaskError) as error:
        services.task_progress_report(
            task=task, actor=user_a, expected_version=1, percent=90, note="Lần 2"
        )
    assert error.value.code == "stale"
    assert "sau khi bạn mở trang" in error.value.messages[0]
    task.refresh_from_db()
    assert (task.progress_percent, task.version) == (30, 2)
    assert task.events.filter(kind=TaskEventKind.PROGRESS).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_posts_of_the_same_version_cannot_both_pass():
    agency = AgencyFactory()
    user = make_user(Role.AGENCY_STAFF, agency=agency)
    task = RemediationTaskFactory(agency=agency)
    barrier = threading.Barrier(2)
    outcomes = []

    def post(percent):
        try:
            barrier.wait()
            services.task_progress_report(
                task=task, actor=user, expected_version=1, percent=percent, note="x"
            )
            outcomes.append("ok")
        except services.StaleTaskError:
            outcomes.append("stale")
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(p,)) for p in (20, 60)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok", "stale"]
    task.refresh_from_db()
    assert task.version == 2


# --- Evidence ------------------------------------------------------------------------------------


def test_evidence_is_stored_privately_under_its_hash(task, user_a, private_media):
    evidence = services.task_evidence_add(
        task=task,
        actor=user_a,
        upload=pdf_upload("bien-ban.pdf"),
        description="Biên bản",
    )
    assert evidence.original_name == "bien-ban.pdf"
    assert evidence.content_type == "application/pdf"
    assert evidence.file.name == f"evidence/{task.pk}/{evidence.sha256}"
    assert (private_media / evidence.file.name).exists()
    task.refresh_from_db()
    assert task.version == 2


def test_renamed_executable_is_refused_with_a_clear_message(
    task, user_a, private_media
):
    with pytest.raises(ValidationError) as error:
        services.task_evidence_add(task=task, actor=user_a, upload=renamed_executable())
    message = error.value.message_dict["file"][0]
    assert "bao-cao.pdf" in message and "PDF, DOCX, XLSX, JPG, PNG" in message
    assert not task.evidence.exists()
    assert (
        not list(private_media.rglob("*.*"))
        and not (private_media / "evidence").exists()
    )


def test_oversized_evidence_is_refused_with_the_limit(settings, task, user_a):
    settings.EVIDENCE_MAX_BYTES = 1024
    with pytest.raises(ValidationError) as error:
        services.task_evidence_add(
            task=task, actor=user_a, upload=pdf_upload("lon.pdf", b"0" * 4096)
        )
    message = error.value.message_dict["file"][0]
    assert "lon.pdf" in message and "MB" in message
    assert not task.evidence.exists()


def test_the_same_file_twice_is_refused(task, user_a):
    services.task_evidence_add(task=task, actor=user_a, upload=pdf_upload("a.pdf"))
    with pytest.raises(ValidationError) as error:
        services.task_evidence_add(task=task, actor=user_a, upload=pdf_upload("b.pdf"))
    assert "a.pdf" in error.value.message_dict["file"][0]


def test_evidence_uploaded_by_mistake_can_be_removed_before_submission(
    user_a, agency_a, snv_user, private_media, django_capture_on_commit_callbacks
):
    from django.core.exceptions import PermissionDenied

    from inspections.models import Evidence, TaskEventKind
    from inspections.services.tasks import task_evidence_add, task_evidence_remove
    from tests.inspections.factories import RemediationTaskFactory
    from tests.inspections.files import pdf_upload

    task = RemediationTaskFactory(agency=agency_a)
    evidence = task_evidence_add(task=task, actor=user_a, upload=pdf_upload("nham.pdf"))
    stored = evidence.file.name
    assert evidence.file.storage.exists(stored)
    with django_capture_on_commit_callbacks(execute=True):
        task_evidence_remove(evidence=evidence, actor=user_a)
    assert not Evidence.objects.filter(pk=evidence.pk).exists()
    assert not evidence.file.storage.exists(stored)
    assert task.events.filter(
        kind=TaskEventKind.EVIDENCE_REMOVED, note="nham.pdf"
    ).exists()
    # Once submitted, the evidence is part of the report and stays.
    kept = task_evidence_add(task=task, actor=user_a, upload=pdf_upload("dung.pdf"))
    task.refresh_from_db()
    from inspections.services.tasks import task_submit

    task_submit(
        task=task, actor=user_a, expected_version=task.version, report="Đã khắc phục."
    )
    with pytest.raises((PermissionDenied, ValidationError)):
        task_evidence_remove(evidence=kept, actor=user_a)
    assert Evidence.objects.filter(pk=kept.pk).exists()
