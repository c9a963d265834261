"""Create a year's framework for a group from a CSV/XLSX file."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand

from indices.access import system_actor
from indices.services import framework_import

from ._files import GROUP_CHOICES, command_error, read_input


class Command(BaseCommand):
    help = (
        "Import a framework: one row per node with the header "
        "code,parent_code,name,max_points,method (optional guidance)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--group", choices=GROUP_CHOICES, required=True)
        parser.add_argument("--name", default="")
        parser.add_argument("--total", type=Decimal, default=Decimal("100"))
        parser.add_argument(
            "--illustrative",
            action="store_true",
            help="Mark the framework as illustrative (demo names).",
        )

    def handle(self, *args, **options):
        data, filename = read_input(options["file"])
        try:
            framework = framework_import(
                actor=system_actor(),
                data=data,
                filename=filename,
                year=options["year"],
                group=options["group"],
                name=options["name"],
                total_points=options["total"],
                is_illustrative=options["illustrative"],
            )
        except ValidationError as error:
            raise command_error(error)
        self.stdout.write(
            f"Created framework “{framework.name}” ({framework.year}, "
            f"{framework.group}) with {framework.nodes.count()} nodes."
        )
