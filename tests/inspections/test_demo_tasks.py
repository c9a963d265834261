"""The task demo: every status, overdue and due soon, 2023 low-score tasks,
tasks from findings, one chair's directive, the transfer after the merger,
and nothing new on a second run."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from core.uploads import PDF, check_upload
from indices.demo import seed_agencies, seed_users
from indices.models import Agency, AgencyGroup, Reorganisation, ReorganisationKind
from inspections.demo.tasks import DIRECTIVE_NUMBER, demo_pdf, seed_tasks
from inspections.models import (
    Directive,
    Evidence,
    RemediationTask,
    TaskEvent,
    TaskSource,
    TaskStatus,
)
from inspections.selectors.tasks import task_counts_for_user
from tests.indices.factories import (
    AssessmentFactory,
    FrameworkFactory,
    FrameworkNodeFactory,
    NodeScoreFactory,
    make_user,
)
from tests.inspections.factories import FindingFactory, InspectionFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def flag(agency, framework, codes):
    assessment = AssessmentFactory(framework=framework, agency=agency, year=2023)
    for code in codes:
        node = framework.nodes.get(code=code)
        NodeScoreFactory(
            assessment=assessment,
            node=node,
            is_low=True,
            points=Decimal("1"),
            applicable_max=node.max_points,
            percent=Decimal("40"),
        )


@pytest.fixture
def demo_world(db):
    """What the indices and plans demos provide, in small."""
    seed_agencies()
    seed_users()
    published = {
        "results_state": "published",
        "published_on": datetime.date(2024, 3, 7),
    }
    departments = FrameworkFactory(year=2023, group=AgencyGroup.DEPARTMENT, **published)
    districts = FrameworkFactory(year=2023, group=AgencyGroup.DISTRICT, **published)
    for framework in (departments, districts):
        for order, code in enumerate(["1.1", "1.2", "2.1", "3.1", "3.2", "4.1"]):
            FrameworkNodeFactory(framework=framework, code=code, order=order)
    planning = Agency.objects.get(name="Sở Kế hoạch và Đầu tư")
    environment = Agency.objects.get(name="Sở Tài nguyên và Môi trường")
    finance = Agency.objects.get(name="Sở Tài chính")
    for agency in (planning, environment, Agency.objects.get(name="Sở Y tế")):
        flag(agency, departments, ["1.1", "2.1", "3.1", "3.2", "4.1"])
    bugiamap = Agency.objects.get(name="UBND huyện Bù Gia Mập")
    flag(bugiamap, districts, ["1.2", "3.1", "4.1"])
    # The 2025 reorganisation of the indices demo, in small.
    agriculture = Agency.objects.create(
        name="Sở Nông nghiệp và Môi trường",
        code="so-nong-nghiep-va-moi-truong",
        group=AgencyGroup.DEPARTMENT,
        active_from=D(2025, 3, 1),
    )
    for old in (planning, environment):
        old.active_to = D(2025, 2, 28)
        old.save()
    merger = Reorganisation.objects.create(
        kind=ReorganisationKind.MERGE, effective_date=D(2025, 3, 1)
    )
    merger.predecessors.set([planning, finance])
    merger.successors.set([finance])
    merger_2 = Reorganisation.objects.create(
        kind=ReorganisationKind.MERGE, effective_date=D(2025, 3, 1)
    )
    merger_2.predecessors.set([environment])
    merger_2.successors.set([agriculture])
    for district in Agency.objects.filter(group=AgencyGroup.DISTRICT):
        district.active_to = D(2025, 6, 30)
        district.save()
    for agency in (Agency.objects.get(name="Sở Tư pháp"), bugiamap, planning):
        inspection = InspectionFactory(
            agency=agency,
            status="concluded",
            start_date=D(2024, 5, 6),
            end_date=D(2024, 5, 7),
            conclusion_date=D(2024, 5, 20),
            conclusion_number="35/TB-SNV",
        )
        FindingFactory.create_batch(2, inspection=inspection)
    return {
        "planning": planning,
        "environment": environment,
        "finance": finance,
        "agriculture": agriculture,
        "bugiamap": bugiamap,
    }


def test_demo_tasks_cover_every_case_and_are_idempotent(demo_world):
    today = timezone.localdate()
    summary = seed_tasks()
    assert summary.low_score_tasks == 3 * 5 + 3
    assert summary.finding_tasks == 6
    assert summary.directive_tasks == 8
    assert summary.transferred > 0
    assert not summary.skipped, summary.skipped

    statuses = set(RemediationTask.objects.values_list("status", flat=True))
    assert statuses == set(TaskStatus.values)
    snv = make_user(None, username="xem")
    snv.is_superuser = True
    snv.save()
    counts = task_counts_for_user(snv, today=today)
    assert counts.overdue >= 2 and counts.due_soon >= 2
    assert any(
        t.submitted_late for t in RemediationTask.objects.filter(status="verified")
    )
    assert RemediationTask.objects.filter(source=TaskSource.FINDING).exists()
    assert RemediationTask.objects.filter(
        source=TaskSource.LOW_SCORE, is_recurring=False
    ).exists()
    directive = Directive.objects.get(number=DIRECTIVE_NUMBER)
    assert directive.tasks.values("agency").distinct().count() == 8
    assert (
        "minh họa" in directive.summary.lower() or "demo" in directive.summary.lower()
    )
    assert Evidence.objects.exists()

    # Open tasks of the merged departments moved to their successors…
    for old in ("planning", "environment"):
        assert not RemediationTask.objects.filter(
            agency=demo_world[old], status__in=["open", "in_progress", "submitted"]
        ).exists()
    moved = TaskEvent.objects.filter(kind="reassigned", reorganisation__isnull=False)
    assert moved.filter(old_agency=demo_world["environment"]).exists()
    assert RemediationTask.objects.filter(agency=demo_world["agriculture"]).exists()
    # …and the dissolved districts' tasks were closed before 01/07/2025.
    for task in RemediationTask.objects.filter(agency=demo_world["bugiamap"]):
        assert task.status in (TaskStatus.VERIFIED, TaskStatus.CANCELLED)
        closing = task.events.order_by("-created_at").first()
        assert timezone.localtime(closing.created_at).date() < D(2025, 7, 1)
    # The 2024 story is dated in 2024.
    first = (
        RemediationTask.objects.filter(source=TaskSource.LOW_SCORE)
        .order_by("pk")
        .first()
    )
    created = first.events.get(kind="created")
    assert timezone.localtime(created.created_at).date() == D(2024, 3, 15)

    before = (
        RemediationTask.objects.count(),
        TaskEvent.objects.count(),
        Evidence.objects.count(),
        Directive.objects.count(),
    )
    again = seed_tasks()
    assert (again.low_score_tasks, again.finding_tasks, again.directive_tasks) == (
        0,
        0,
        0,
    )
    assert again.transferred == 0
    assert before == (
        RemediationTask.objects.count(),
        TaskEvent.objects.count(),
        Evidence.objects.count(),
        Directive.objects.count(),
    )


def test_demo_without_other_demos_still_has_a_directive(db):
    seed_agencies()
    seed_users()
    summary = seed_tasks()
    assert summary.directive_tasks == 8
    assert len(summary.skipped) == 2


def test_demo_pdf_is_accepted_as_a_pdf():
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = demo_pdf("MINH HOA", "(demo)")
    assert check_upload(SimpleUploadedFile("x.pdf", content)).kind == PDF
    assert content.rstrip().endswith(b"%%EOF")
