"""A small hand-built province for the dashboard tests (page and browser),
with every figure known in advance (see `build_province`).

Dates are relative to today, since the pages count from today. Tasks of the
dashboard's year start 60 days ago (`year` is that day's year); one task of
the year before is overdue too, to show overdue figures span every year.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from indices import services as index_services
from indices.access import system_actor
from indices.models import AgencyGroup, Assessment, Framework
from indices.services import ScoreEntry
from inspections.models import (
    InspectionPlan,
    InspectionStatus,
    RemediationTask,
    TaskSource,
    TaskStatus,
)
from tests.indices.builders import full_marks, make_framework, score
from tests.indices.factories import AgencyFactory
from tests.inspections.factories import (
    FindingFactory,
    InspectionFactory,
    RemediationTaskFactory,
)
from tests.inspections.plan_helpers import draft_plan, item

D = Decimal


@dataclass
class Province:
    today: datetime.date
    year: int
    agency_a: object
    agency_b: object
    district: object
    tasks: dict[str, RemediationTask]
    plan: InspectionPlan
    index_2023: Framework
    index_2022: Framework
    index_2024: Framework
    assessment_a_2023: Assessment
    assessment_b_2023: Assessment
    assessment_a_2024: Assessment


def _task(agency, key, tasks, *, source=TaskSource.DIRECTIVE, **kwargs):
    if source == TaskSource.FINDING:
        kwargs["finding"] = FindingFactory(
            inspection=InspectionFactory(agency=agency, plan=None, year=2023)
        )
    tasks[key] = RemediationTaskFactory(
        agency=agency, title=f"Nhiệm vụ {key}", source=source, **kwargs
    )


def build_province(agency_a, agency_b) -> Province:
    """Tasks (name: agency, source, status, deadline from today):

    - a_overdue: A, directive, open, -5 (overdue)
    - a_ahead: A, finding, in progress, +3 (due within 14 days)
    - b_submitted: B, low score (its 2023 node 1.1.2), submitted, -1 (not
      overdue: submitted)
    - b_old_overdue: B, directive, open, -20, assigned the year before
    - b_overdue: B, directive, in progress, -2 (overdue)
    - b_ahead_edge: B, directive, in progress, +14 (the last day counted)
    - b_later: B, directive, open, +15 (beyond 14 days)
    - c_verified: district, finding, verified, -30
    - c_cancelled: district, directive, cancelled, +10
    - c_today: district, directive, open, 0 (due today: not overdue)

    Index (framework of tests.indices.builders: field 1 of 6 points with
    sub-criteria 1.1.1 and 1.1.2, field 2 a 4-point survey):
    2023 published: A full marks (100 %), B 70 % (field 1 66.67 % low,
    field 2 75 %), average 85 %; 2022 published: A only, 100 %;
    2024 being scored (draft): A only.
    """
    today = timezone.localdate()
    start = today - datetime.timedelta(days=60)
    year = start.year

    def day(n: int) -> datetime.date:
        return today + datetime.timedelta(days=n)

    index_2022 = make_framework(year=2022)  # one published year before 2023
    score(index_2022, agency_a, full_marks(index_2022))
    index_services.framework_results_publish(
        framework=index_2022,
        published_on=datetime.date(2023, 3, 1),
        actor=system_actor(),
    )
    index_2023 = make_framework(year=2023)
    a_2023 = score(index_2023, agency_a, full_marks(index_2023))
    b_2023 = score(
        index_2023,
        agency_b,
        full_marks(
            index_2023,
            **{
                "1_1_2": ScoreEntry(self_score=D("1"), appraised_score=D("0.5")),
                "2": ScoreEntry(survey_score=D("3")),
            },
        ),
    )
    index_services.framework_results_publish(
        framework=index_2023,
        published_on=datetime.date(2024, 3, 7),
        actor=system_actor(),
    )
    index_2024 = make_framework(year=2024)
    a_2024 = score(
        index_2024,
        agency_a,
        {
            code: ScoreEntry(self_score=entry.appraised_score)
            for code, entry in full_marks(index_2024).items()
            if entry.appraised_score is not None
        },
    )
    district = AgencyFactory(
        name="UBND huyện Thử nghiệm", code="ubnd-huyen-thu", group=AgencyGroup.DISTRICT
    )
    tasks: dict[str, RemediationTask] = {}
    common = {"start_date": start}
    _task(agency_a, "a_overdue", tasks, deadline=day(-5), **common)
    _task(
        agency_a,
        "a_ahead",
        tasks,
        source=TaskSource.FINDING,
        status=TaskStatus.IN_PROGRESS,
        deadline=day(3),
        **common,
    )
    _task(
        agency_b,
        "b_submitted",
        tasks,
        source=TaskSource.LOW_SCORE,
        node_score=b_2023.node_scores.get(node__code="1.1.2"),
        status=TaskStatus.SUBMITTED,
        deadline=day(-1),
        **common,
    )
    _task(
        agency_b,
        "b_old_overdue",
        tasks,
        start_date=datetime.date(year - 1, 6, 1),
        deadline=day(-20),
    )
    _task(
        agency_b,
        "b_overdue",
        tasks,
        status=TaskStatus.IN_PROGRESS,
        deadline=day(-2),
        **common,
    )
    _task(
        agency_b,
        "b_ahead_edge",
        tasks,
        status=TaskStatus.IN_PROGRESS,
        deadline=day(14),
        **common,
    )
    _task(agency_b, "b_later", tasks, deadline=day(15), **common)
    _task(
        district,
        "c_verified",
        tasks,
        source=TaskSource.FINDING,
        status=TaskStatus.VERIFIED,
        deadline=day(-30),
        **common,
    )
    _task(
        district,
        "c_cancelled",
        tasks,
        status=TaskStatus.CANCELLED,
        deadline=day(10),
        **common,
    )
    _task(district, "c_today", tasks, deadline=day(0), **common)

    plan = draft_plan(year=year)
    item(plan, agency_a, status=InspectionStatus.CONDUCTED, month=start.month)
    item(plan, district, month=start.month)

    # Inspections of each agency (an agency sees only its own).
    InspectionFactory(agency=agency_b, plan=None, year=2023, planned_month=4)
    for framework in (index_2022, index_2023, index_2024):
        framework.refresh_from_db()
    a_2023.refresh_from_db()
    b_2023.refresh_from_db()
    a_2024.refresh_from_db()
    return Province(
        today=today,
        year=year,
        agency_a=agency_a,
        agency_b=agency_b,
        district=district,
        tasks=tasks,
        plan=plan,
        index_2023=index_2023,
        index_2022=index_2022,
        index_2024=index_2024,
        assessment_a_2023=a_2023,
        assessment_b_2023=b_2023,
        assessment_a_2024=a_2024,
    )
