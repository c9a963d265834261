"""Two workers at once (threads with their own database connections) claim and
send the same due reminders: each is sent exactly once."""

import datetime
import threading

import pytest
from django.core import mail
from django.db import connection

from indices.access import system_actor
from inspections.models import Reminder, ReminderStatus
from inspections.services.reminders import reminders_deliver, reminders_scan
from tests.indices.factories import AgencyFactory
from tests.inspections.factories import RemediationTaskFactory

pytestmark = pytest.mark.django_db(transaction=True)

TODAY = datetime.date(2026, 3, 13)


def test_two_workers_at_once_send_each_reminder_once(rules, settings):
    settings.CCHC_REMINDER_SEND_PAUSE = 0.01  # let the two interleave
    for n in range(10):
        agency = AgencyFactory(
            code=f"so-song-song-{n}",
            contact_emails=f"vanthu{n}@song.example.gov.vn",
            focal_email=f"cchc{n}@song.example.gov.vn",
        )
        RemediationTaskFactory(
            agency=agency,
            start_date=datetime.date(2026, 1, 1),
            deadline=datetime.date(2026, 3, 16),
        )
    barrier = threading.Barrier(2)
    errors = []

    def worker():
        try:
            barrier.wait(timeout=10)
            reminders_scan(actor=system_actor(), today=TODAY)
            reminders_deliver(actor=system_actor(), today=TODAY)
        except Exception as exc:  # reported by the main thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    rows = list(Reminder.objects.all())
    assert len(rows) == 20
    assert {r.status for r in rows} == {ReminderStatus.SENT}
    recipients = [address for message in mail.outbox for address in message.to]
    assert len(recipients) == 20 and len(set(recipients)) == 20
