"""Benchmark of the busiest pages and of recomputing a group's results (PostgreSQL).

    make bench                           # 100 then 1,000 agencies
    .venv/bin/python bench/pages.py 300 --repeat 5

Builds, in a throw-away database (bench_pages_<dbname>, dropped at the end),
one commune group of N agencies scored on a 136-node framework (8 fields, 4
criteria each, 3 sub-criteria each), 5 remediation tasks per agency and an
inspection plan covering a third of them. Then it recomputes every stored
result through the scoring service and renders, as a Sở Nội vụ user and as
an agency user, the ranking, a scorecard, the dashboards, the task board and
the remediation status page, printing the median time and the SQL queries of
each. The query counts must not change with N; the times show the cost of
the rows themselves (rendering 1,000 ranking rows is not free).
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc_site.settings_test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

YEAR = 2025
TODAY = datetime.date.today()


def build(agency_count: int):
    from django.contrib.auth.models import Group

    from indices import services
    from indices.access import system_actor
    from indices.models import (
        Agency,
        Assessment,
        FrameworkNode,
        NodeScore,
        User,
    )
    from indices.roles import GROUP_NAMES, Role
    from inspections.models import (
        Directive,
        Inspection,
        InspectionPlan,
        RemediationTask,
    )

    framework = services.framework_create(
        year=YEAR,
        group="commune",
        name="Bộ chỉ số thử tải",
        total_points=Decimal("100"),
        actor=system_actor(),
    )
    nodes, order = [], 0
    for f in range(1, 9):
        order += 1
        field = FrameworkNode(
            framework=framework,
            code=str(f),
            name=f"Lĩnh vực {f}",
            max_points=Decimal("12.5"),
            level=1,
            order=order,
            is_leaf=False,
        )
        nodes.append(field)
    FrameworkNode.objects.bulk_create(nodes)
    criteria = []
    for field in nodes:
        for c in range(1, 5):
            order += 1
            criteria.append(
                FrameworkNode(
                    framework=framework,
                    parent=field,
                    code=f"{field.code}.{c}",
                    name=f"Tiêu chí {field.code}.{c}",
                    max_points=Decimal("3.5") if c == 4 else Decimal("3"),
                    level=2,
                    order=order,
                    is_leaf=False,
                )
            )
    FrameworkNode.objects.bulk_create(criteria)
    leaves = []
    for criterion in criteria:
        last = "1.5" if criterion.max_points == Decimal("3.5") else "1"
        for s, points in enumerate(("1", "1", last), start=1):
            order += 1
            leaves.append(
                FrameworkNode(
                    framework=framework,
                    parent=criterion,
                    code=f"{criterion.code}.{s}",
                    name=f"Tiêu chí thành phần {criterion.code}.{s}",
                    max_points=Decimal(points),
                    level=3,
                    order=order,
                    is_leaf=True,
                )
            )
    FrameworkNode.objects.bulk_create(leaves)
    all_nodes = nodes + criteria + leaves

    agencies = Agency.objects.bulk_create(
        Agency(
            name=f"UBND xã Thử tải {n:04d}", code=f"xa-thu-tai-{n:04d}", group="commune"
        )
        for n in range(agency_count)
    )
    assessments = Assessment.objects.bulk_create(
        Assessment(framework=framework, agency=a, year=YEAR) for a in agencies
    )
    rows = []
    for index, assessment in enumerate(assessments):
        for k, node in enumerate(all_nodes):
            score = None
            if node.is_leaf:
                # Deterministic spread, some nodes low.
                share = Decimal((index * 37 + k * 11) % 100) / 100
                score = (node.max_points * share).quantize(Decimal("0.01"))
            rows.append(
                NodeScore(
                    assessment=assessment,
                    node=node,
                    self_score=score,
                    appraised_score=score,
                )
            )
        if len(rows) > 20_000:
            NodeScore.objects.bulk_create(rows)
            rows = []
    NodeScore.objects.bulk_create(rows)

    directive = Directive.objects.create(
        number="1/UBND-BENCH", issued_on=datetime.date(YEAR, 1, 2), summary="Thử tải"
    )
    RemediationTask.objects.bulk_create(
        RemediationTask(
            agency=a,
            title=f"Nhiệm vụ {n} của {a.name}",
            source="directive",
            directive=directive,
            start_date=datetime.date(YEAR, 1, 2),
            deadline=TODAY + datetime.timedelta(days=(n * 17) % 60 - 30),
        )
        for a in agencies
        for n in range(5)
    )
    plan = InspectionPlan.objects.create(year=YEAR, document_number="1/KH-BENCH")
    Inspection.objects.bulk_create(
        Inspection(plan=plan, agency=a, year=YEAR, planned_month=5)
        for a in agencies[::3]
    )
    snv = User.objects.create(username="snv_bench")
    snv.groups.add(Group.objects.get(name=GROUP_NAMES[Role.SNV_STAFF]))
    member = User.objects.create(username="xa_bench", agency=agencies[0])
    member.groups.add(Group.objects.get(name=GROUP_NAMES[Role.AGENCY_STAFF]))
    return framework, assessments[len(assessments) // 2], plan, snv, member


def timed(action, repeat: int) -> tuple[float, int]:
    times, queries = [], 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            action()
            times.append(time.perf_counter() - started)
        queries = len(captured.captured_queries)
    return statistics.median(times), queries


def run(agency_count: int, repeat: int) -> None:
    from indices import services
    from indices.access import system_actor

    began = time.perf_counter()
    framework, assessment, plan, snv, member = build(agency_count)
    print(
        f"\n== {agency_count:,} agencies, {agency_count * 136:,} node scores, "
        f"{agency_count * 5:,} tasks (built in {time.perf_counter() - began:.1f} s)"
    )
    started = time.perf_counter()
    services.framework_scores_recompute(framework=framework, actor=system_actor())
    print(f"{'recompute all results':<38} {time.perf_counter() - started:8.2f} s")
    services.framework_results_publish(
        framework=framework,
        published_on=datetime.date(YEAR + 1, 3, 1),
        actor=system_actor(),
    )

    clients = {}
    for name, user in (("snv", snv), ("agency", member)):
        clients[name] = Client()
        clients[name].force_login(user)
    pages = [
        (
            "ranking (Sở Nội vụ)",
            "snv",
            f"{reverse('indices:ranking')}?year={YEAR}&group=commune",
        ),
        ("scorecard (Sở Nội vụ)", "snv", assessment.get_absolute_url()),
        ("dashboard (Sở Nội vụ)", "snv", f"{reverse('core:home')}?year={YEAR}"),
        ("dashboard (agency)", "agency", reverse("core:home")),
        ("task board (Sở Nội vụ, page 1)", "snv", reverse("inspections:task_list")),
        (
            "remediation status (Sở Nội vụ)",
            "snv",
            f"{reverse('inspections:remediation_status')}?year={YEAR}",
        ),
        ("plan page (Sở Nội vụ)", "snv", plan.get_absolute_url()),
        (
            "ranking XLSX (Sở Nội vụ)",
            "snv",
            f"{reverse('indices:ranking_export')}?year={YEAR}&group=commune",
        ),
    ]
    for label, who, url in pages:

        def get(client=clients[who], url=url):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        median, queries = timed(get, repeat)
        print(f"{label:<38} {median * 1000:8.0f} ms  {queries:3d} SQL queries")


def reset() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE indices_nodescore, indices_assessment, indices_frameworknode, indices_band, "
            "indices_framework, inspections_inspection, inspections_inspectionplan, "
            "inspections_remediationtask, inspections_directive, indices_agency, indices_user "
            "RESTART IDENTITY CASCADE"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[100, 1_000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    settings.DEBUG = False
    connection.settings_dict["TEST"]["NAME"] = (
        f"bench_pages_{connection.settings_dict['NAME']}"
    )
    original = connection.creation.create_test_db(
        verbosity=0, autoclobber=True, serialize=False
    )
    print(
        f"PostgreSQL database {connection.settings_dict['NAME']} (dropped at the end)"
    )
    try:
        for size in args.sizes:
            reset()
            run(size, args.repeat)
    finally:
        connection.creation.destroy_test_db(original, verbosity=0)


if __name__ == "__main__":
    main()
