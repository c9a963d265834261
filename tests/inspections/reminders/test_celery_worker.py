"""A real Celery worker process on the Redis broker runs the scan.

The worker is started with `celery -A cchc_site worker --pool solo` against
the test database (the tests commit their data: transaction=True) and writes
its e-mails to files this test reads. Each test uses its own queue, so other
workers on the same Redis database never take its messages.
"""

import datetime
import email
import email.policy
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from celery import Celery
from django.conf import settings
from django.db import connection

from inspections.models import Reminder, ReminderStatus
from tests.conftest import require_service
from tests.indices.factories import AgencyFactory
from tests.inspections.factories import RemediationTaskFactory

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]

ROOT = Path(settings.BASE_DIR)
TODAY = datetime.date(2026, 3, 13)  # three days before the tasks' deadline
SEPARATOR = b"\n" + b"-" * 79 + b"\n"


@pytest.fixture
def redis_url():
    url = os.environ.get("CCHC_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        import redis

        redis.Redis.from_url(url, socket_timeout=2).ping()
        reachable = True
    except Exception:
        reachable = False
    require_service(reachable, f"Redis is not reachable at {url} (make test starts it)")
    return url


def database_url() -> str:
    params = connection.settings_dict
    user = quote(params["USER"] or "", safe="")
    password = quote(params["PASSWORD"] or "", safe="")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = quote(params["HOST"] or "", safe="")
    port = f":{params['PORT']}" if params["PORT"] else ""
    return f"postgres://{auth}{host}{port}/{quote(params['NAME'], safe='')}"


class Worker:
    """A `celery worker` subprocess consuming one private queue."""

    def __init__(self, *, redis_url, queue, mail_dir, log, **extra_env):
        self.args = [
            sys.executable, "-m", "celery", "-A", "cchc_site", "worker",
            "--pool", "solo", "--concurrency", "1", "--without-gossip",
            "--without-mingle", "--without-heartbeat", "-Q", queue,
            "--loglevel", "INFO",
        ]  # fmt: skip
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cchc_site.settings",
            "DJANGO_READ_DOT_ENV": "0",
            "DJANGO_DEBUG": "1",
            "DATABASE_URL": database_url(),
            "CELERY_BROKER_URL": redis_url,
            "CELERY_TASK_ALWAYS_EAGER": "0",
            "EMAIL_FILE_PATH": str(mail_dir),
            "SITE_BASE_URL": "https://cchc.example.gov.vn",
            **extra_env,
        }
        self.env.pop("EMAIL_URL", None)
        self.log = log
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            self.args,
            cwd=ROOT,
            env=self.env,
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self

    def kill(self):
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


def send_scan(redis_url: str, queue: str, today: datetime.date) -> None:
    """Queue the daily scan on the broker, as beat does."""
    client = Celery("test-client", broker=redis_url)
    client.conf.task_serializer = "json"
    client.send_task(
        "inspections.tasks.reminders_scan",
        kwargs={"today": today.isoformat()},
        queue=queue,
    )
    client.close()


def wait_for(condition, *, timeout: float, what: str, log: Path):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    tail = log.read_text(errors="replace")[-3000:] if log.exists() else ""
    pytest.fail(f"timed out after {timeout} s waiting for {what}\nworker log:\n{tail}")


def read_mails(mail_dir: Path) -> list[email.message.EmailMessage]:
    found = []
    for path in sorted(mail_dir.glob("*.log")):
        for chunk in path.read_bytes().split(SEPARATOR):
            if chunk.strip():
                found.append(
                    email.message_from_bytes(
                        chunk.lstrip(), policy=email.policy.default
                    )
                )
    return found


def sent_count() -> int:
    return Reminder.objects.filter(status=ReminderStatus.SENT).count()


def make_tasks(count: int):
    """`count` tasks due on 16/03/2026, each agency with two contact addresses."""
    tasks = []
    for n in range(count):
        agency = AgencyFactory(
            code=f"so-worker-{n}",
            name=f"Sở thử nghiệm worker {n}",
            contact_emails=f"vanthu{n}@worker.example.gov.vn",
            focal_email=f"cchc{n}@worker.example.gov.vn",
        )
        tasks.append(
            RemediationTaskFactory(
                agency=agency,
                title=f"Nhiệm vụ worker {n}",
                start_date=datetime.date(2026, 1, 1),
                deadline=datetime.date(2026, 3, 16),
            )
        )
    return tasks


@pytest.fixture
def queue():
    return f"cchc-test-reminders-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def worker_files(tmp_path):
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    return mail_dir, tmp_path / "worker.log"


def test_a_real_worker_runs_the_scan_through_redis(
    rules, redis_url, queue, worker_files
):
    mail_dir, log = worker_files
    make_tasks(3)
    worker = Worker(redis_url=redis_url, queue=queue, mail_dir=mail_dir, log=log)
    worker.start()
    try:
        send_scan(redis_url, queue, TODAY)
        wait_for(
            lambda: sent_count() == 6, timeout=25, what="6 reminders sent", log=log
        )
    finally:
        worker.stop()
    rows = list(Reminder.objects.select_related("task"))
    assert {r.status for r in rows} == {ReminderStatus.SENT}
    assert {r.due_on for r in rows} == {TODAY}
    mails = read_mails(mail_dir)
    assert sorted(str(m["To"]) for m in mails) == sorted(
        r.recipient_email for r in rows
    )
    by_to = {str(m["To"]): m for m in mails}
    first = by_to["vanthu0@worker.example.gov.vn"]
    assert str(first["Subject"]).strip() == (
        "Còn 3 ngày đến hạn: Nhiệm vụ worker 0 (thời hạn 16/03/2026)"
    )
    text = first.get_body(preferencelist=("plain",)).get_content()
    task = next(
        r.task for r in rows if r.recipient_email == "vanthu0@worker.example.gov.vn"
    )
    assert f"https://cchc.example.gov.vn/tasks/{task.pk}/" in text


def test_a_worker_killed_mid_batch_loses_and_duplicates_nothing(
    rules, redis_url, queue, worker_files
):
    mail_dir, log = worker_files
    make_tasks(4)  # 8 reminders
    env = {
        # One second between e-mails, so the kill lands between two sends.
        "CCHC_REMINDER_SEND_PAUSE": "1",
        # The unacknowledged scan is handed out again 2 s after delivery.
        "CELERY_BROKER_VISIBILITY_TIMEOUT": "2",
    }
    first = Worker(redis_url=redis_url, queue=queue, mail_dir=mail_dir, log=log, **env)
    first.start()
    try:
        sent_at = time.monotonic()
        send_scan(redis_url, queue, TODAY)
        wait_for(
            lambda: sent_count() >= 3, timeout=25, what="3 reminders sent", log=log
        )
        # Right after a send was committed: the worker is in its pause.
        first.kill()
    finally:
        first.stop()
    killed_with = sent_count()
    assert 3 <= killed_with < 8
    assert (
        Reminder.objects.filter(status=ReminderStatus.PENDING).count()
        == 8 - killed_with
    )
    assert len(read_mails(mail_dir)) == killed_with

    # acks_late: the scan was never acknowledged, so Redis hands it out again
    # once the visibility timeout has passed; the restarted worker finishes it.
    time.sleep(max(0.0, 2.5 - (time.monotonic() - sent_at)))
    second = Worker(redis_url=redis_url, queue=queue, mail_dir=mail_dir, log=log, **env)
    second.start()
    try:
        wait_for(lambda: sent_count() == 8, timeout=25, what="all 8 sent", log=log)
    finally:
        second.stop()
    # The second worker got the same, redelivered scan message.
    received = [
        line.split("[", 2)[2].split("]")[0]
        for line in log.read_text().splitlines()
        if "Task inspections.tasks.reminders_scan[" in line
        and line.endswith("received")
    ]
    assert len(received) == 2 and received[0] == received[1]
    rows = list(Reminder.objects.all())
    assert len(rows) == 8 and {r.status for r in rows} == {ReminderStatus.SENT}
    assert {r.attempts for r in rows} == {1}
    mails = read_mails(mail_dir)
    recipients = [str(m["To"]) for m in mails]
    assert len(recipients) == 8 and len(set(recipients)) == 8
    assert set(recipients) == {r.recipient_email for r in rows}
