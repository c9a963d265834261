"""Import per-node scores of a year (long format, one row per agency and node)."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand

from indices.access import system_actor
from indices.services import index_scores_import

from ._files import command_error, read_input


class Command(BaseCommand):
    help = (
        "Import per-node scores from CSV/XLSX with the header agency,code,"
        "self_score,appraised_score,survey_score,not_applicable,note (optional "
        "explanation). Empty cells clear a value; nothing is saved if any row is bad."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--year", type=int, required=True)

    def handle(self, *args, **options):
        data, filename = read_input(options["file"])
        try:
            plan = index_scores_import(
                actor=system_actor(), data=data, filename=filename, year=options["year"]
            )
        except ValidationError as error:
            raise command_error(error)
        self.stdout.write(
            f"{plan.rows} row(s) read; {plan.change_count} node score(s) changed "
            f"for {len(plan.agencies)} agency(ies)."
        )
