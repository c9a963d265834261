"""Run the reminder scan now, in this process (the same code as the daily task)."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from core.formatting import short_date
from indices.access import system_actor
from indices.models import Agency
from inspections.services.reminder_digests import reminder_digest_send
from inspections.services.reminders import reminders_deliver, reminders_scan


def _day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--today: “{value}” is not a date in YYYY-MM-DD form.")


class Command(BaseCommand):
    help = (
        "Scan pending tasks and send the reminders due today (or on --today); "
        "with --dry-run, only list what would be sent. Safe to run again: "
        "a reminder already sent is never sent twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--today", type=_day, help="YYYY-MM-DD (default: today)")
        parser.add_argument(
            "--digest",
            action="store_true",
            help="Also send this week's digest of long-overdue tasks.",
        )

    def handle(self, *args, dry_run=False, today=None, digest=False, **options):
        actor = system_actor()
        scan = reminders_scan(today=today, dry_run=dry_run, actor=actor)
        window = (
            f"{short_date(scan.window_start)}–{short_date(scan.today)}"
            if scan.window_start < scan.today
            else short_date(scan.today)
        )
        self.stdout.write(
            _("Scan for %(window)s: %(count)s pending task(s) examined.")
            % {"window": window, "count": scan.tasks_examined}
        )
        if scan.tasks_without_recipients:
            self.stdout.write(
                self.style.WARNING(
                    _(
                        "%(count)s task(s) had a reminder due but their agency has no "
                        "contact address, user or head: fill in the agency's contacts."
                    )
                    % {"count": scan.tasks_without_recipients}
                )
            )
        if dry_run:
            names = dict(
                Agency.objects.filter(
                    pk__in={p.agency_id for p in scan.planned}
                ).values_list("pk", "name")
            )
            for planned in scan.planned:
                self.stdout.write(
                    _("would send")
                    + f"  #{planned.task_id} | {names.get(planned.agency_id, '?')}"
                    f" | {planned.rule.name} | {planned.recipient.email}"
                    f" | {short_date(planned.due_on)}"
                )
            self.stdout.write(
                _(
                    "Dry run: %(count)s reminder(s) would be sent; nothing was "
                    "written or sent."
                )
                % {"count": len(scan.planned)}
            )
            return

        def report(reminder, status):
            self.stdout.write(
                f"{status:<8} task #{reminder.task_id} {reminder.task.title[:60]!r}"
                f" | {reminder.task.agency.name} | {reminder.rule.name}"
                f" | {reminder.recipient_email}"
            )

        delivered = reminders_deliver(today=today, actor=actor, on_result=report)
        self.stdout.write(
            _(
                "Reminders: %(new)s new, %(sent)s sent, %(retrying)s to retry, "
                "%(failed)s failed, %(superseded)s no longer needed."
            )
            % {
                "new": scan.created,
                "sent": delivered.sent,
                "retrying": delivered.retrying,
                "failed": delivered.failed,
                "superseded": scan.superseded + delivered.superseded,
            }
        )
        if digest:
            result = reminder_digest_send(
                today=today,
                actor=actor,
                on_result=lambda row, status: self.stdout.write(
                    f"{status:<8} weekly digest | {row.recipient_email}"
                ),
            )
            self.stdout.write(
                _(
                    "Weekly digest: %(tasks)s long-overdue task(s), %(sent)s sent, "
                    "%(failed)s failed."
                )
                % {"tasks": result.tasks, "sent": result.sent, "failed": result.failed}
            )
