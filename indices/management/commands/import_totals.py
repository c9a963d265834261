"""Record published totals of a year (header agency,group,score,max_score[,percent])."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand

from indices.access import system_actor
from indices.services import index_totals_import

from ._files import command_error, read_input


class Command(BaseCommand):
    help = (
        "Import a year's published totals from CSV/XLSX with the header "
        "agency,group,score,max_score (optional percent, checked). Nothing is "
        "saved if any row is bad."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument(
            "--create-agencies",
            action="store_true",
            help="Register agencies whose name is unknown instead of refusing the file.",
        )
        parser.add_argument(
            "--province",
            default="",
            help="Province of the agencies registered with --create-agencies "
            "(default: CCHC_PROVINCE_NAME).",
        )

    def handle(self, *args, **options):
        data, filename = read_input(options["file"])
        try:
            result = index_totals_import(
                actor=system_actor(),
                data=data,
                filename=filename,
                year=options["year"],
                create_agencies=options["create_agencies"],
                province=options["province"],
            )
        except ValidationError as error:
            raise command_error(error)
        self.stdout.write(
            f"{result.created} assessment(s) created, {result.updated} updated, "
            f"{len(result.created_agencies)} agency(ies) registered."
        )
