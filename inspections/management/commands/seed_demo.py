"""Load the demo data set. Safe to run again: nothing is duplicated."""

from django.core.management.base import BaseCommand

from indices import demo as indices_demo
from indices.roles import ROLE_LABELS
from inspections.demo import plans as plans_demo
from inspections.demo.reminders import seed_reminder_demo
from inspections.demo.tasks import seed_tasks


class Command(BaseCommand):
    help = "Load Bình Phước demo agencies, users and (illustrative) CCHC data."

    def handle(self, *args, **options):
        # Order matters: plans link findings to the index frameworks, tasks come
        # from low scores, findings and a directive, reminders need tasks.
        agencies = indices_demo.seed_agencies()
        self.stdout.write(f"Agencies: {len(agencies)}")
        users = indices_demo.seed_users()
        self.stdout.write(f"PAR index: {indices_demo.seed_index()}")
        self.stdout.write(f"Inspection plan: {plans_demo.seed_inspection_plans()}")
        self.stdout.write(f"Tasks and directive: {seed_tasks()}")
        self.stdout.write(f"Illustrative tasks for reminders: {seed_reminder_demo()}")
        self.stdout.write("")
        self.stdout.write(
            f"Demo logins (password for all: {indices_demo.DEMO_PASSWORD})"
        )
        for demo, user in users:
            role = ROLE_LABELS[demo.role] if demo.role else "Django admin"
            agency = f" – {user.agency}" if user.agency_id else ""
            self.stdout.write(f"  {demo.username:<10} {role}{agency}")
