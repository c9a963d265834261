"""Benchmark of the daily reminder scan and delivery at scale (PostgreSQL).

    make bench                       # 10,000 then 100,000 tasks
    .venv/bin/python bench/reminders_scan.py 10000 100000 --no-deliver

Builds the data in a throw-away database (bench_<dbname>, dropped at the
end): ~1 task in 100 per agency (1,000 agencies for 100,000 tasks), two
contact addresses and a head per agency, deadlines spread over a year around
the scan day. Then runs the scan (claim) and the delivery with the dummy
e-mail backend, printing wall time, SQL statements by kind, peak Python
memory (tracemalloc, which also slows the run) and reminders created.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import time
import tracemalloc
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

from indices.access import system_actor

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc_site.settings_test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402

TODAY = datetime.date(2026, 3, 16)


TRACE_MEMORY = True


@contextmanager
def measured(label: str, results: dict):
    """Time, count statements by kind and trace peak memory of a block.

    Statements are counted as Django executes them; the scan's streaming
    SELECT is one statement read through a server-side cursor in chunks.
    """
    kinds: Counter = Counter()

    def count(execute, sql, params, many, context):
        kinds[sql.lstrip().split(None, 1)[0].upper()] += 1
        return execute(sql, params, many, context)

    if TRACE_MEMORY:
        tracemalloc.start()
    started = time.perf_counter()
    with connection.execute_wrapper(count):
        yield
    elapsed = time.perf_counter() - started
    peak = 0
    if TRACE_MEMORY:
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    results[label] = (elapsed, sum(kinds.values()), dict(kinds), peak)


def build(tasks: int) -> None:
    from indices.models import Agency
    from inspections.models import Directive, RemediationTask, ReminderRule

    agencies = Agency.objects.bulk_create(
        Agency(
            name=f"Cơ quan thử tải {n}",
            code=f"co-quan-thu-tai-{n}",
            group="commune",
            contact_emails=f"vanthu{n}@bench.example.gov.vn",
            focal_email=f"cchc{n}@bench.example.gov.vn",
            head_email=f"thutruong{n}@bench.example.gov.vn",
        )
        for n in range(max(tasks // 100, 1))
    )
    directive = Directive.objects.create(
        number="1/UBND-BENCH", issued_on=datetime.date(2025, 1, 2), summary="Thử tải"
    )
    start = TODAY - datetime.timedelta(days=400)
    batch = []
    for n in range(tasks):
        # Deadlines spread over 361 days centred on the scan day.
        offset = (n * 7919) % 361 - 180
        batch.append(
            RemediationTask(
                agency=agencies[n % len(agencies)],
                title=f"Nhiệm vụ thử tải số {n}",
                source="directive",
                directive=directive,
                start_date=start,
                deadline=TODAY + datetime.timedelta(days=offset),
            )
        )
        if len(batch) == 5000:
            RemediationTask.objects.bulk_create(batch)
            batch = []
    RemediationTask.objects.bulk_create(batch)
    assert ReminderRule.objects.filter(is_active=True).count() == 7


def reset() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE inspections_notification, inspections_reminder, "
            "inspections_reminderscan, inspections_reminderdigest, "
            "inspections_remediationtask, inspections_directive, indices_agency "
            "RESTART IDENTITY CASCADE"
        )


def run(tasks: int, deliver: bool) -> None:
    from inspections.models import Reminder
    from inspections.services.reminders import reminders_deliver, reminders_scan

    reset()
    began = time.perf_counter()
    build(tasks)
    print(
        f"\n== {tasks:,} pending tasks (built in {time.perf_counter() - began:.1f} s)"
    )
    results: dict = {}
    with measured("scan", results):
        scan = reminders_scan(actor=system_actor(), today=TODAY)
    created = scan.created
    if deliver:
        with measured("deliver", results):
            delivered = reminders_deliver(actor=system_actor(), today=TODAY)
        assert delivered.sent == created, (delivered.sent, created)
        with measured("scan again", results):
            again = reminders_scan(actor=system_actor(), today=TODAY)
            reminders_deliver(actor=system_actor(), today=TODAY)
        assert again.created == 0
    for label, (elapsed, total, kinds, peak) in results.items():
        by_kind = ", ".join(f"{k} {v}" for k, v in sorted(kinds.items()))
        print(
            f"{label:<11} {elapsed:8.2f} s  {total:7,} SQL statements ({by_kind})"
            + (f"  peak Python memory {peak / 1_048_576:6.1f} MiB" if peak else "")
        )
    print(
        f"tasks examined {scan.tasks_examined:,}; reminders created {created:,}; "
        f"ledger rows {Reminder.objects.count():,}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[10_000, 100_000])
    parser.add_argument("--no-deliver", action="store_true")
    parser.add_argument(
        "--no-trace",
        action="store_true",
        help="Do not trace memory (tracemalloc slows Python code down).",
    )
    args = parser.parse_args()
    global TRACE_MEMORY
    TRACE_MEMORY = not args.no_trace
    settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
    settings.DEBUG = False
    connection.settings_dict["TEST"]["NAME"] = (
        f"bench_{connection.settings_dict['NAME']}"
    )
    original = connection.creation.create_test_db(
        verbosity=0, autoclobber=True, serialize=False
    )
    print(
        f"PostgreSQL database {connection.settings_dict['NAME']} (dropped at the end)"
    )
    try:
        for size in args.sizes:
            run(size, deliver=not args.no_deliver)
    finally:
        connection.creation.destroy_test_db(original, verbosity=0)


if __name__ == "__main__":
    main()
