"""Write a framework as CSV or XLSX, one row per node."""

import sys

from django.core.management.base import BaseCommand, CommandError

from indices.models import Framework
from indices.services import framework_csv_bytes, framework_xlsx_bytes

from ._files import GROUP_CHOICES


class Command(BaseCommand):
    help = "Export a framework (code,parent_code,name,max_points,method,guidance)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--group", choices=GROUP_CHOICES, required=True)
        parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
        parser.add_argument("-o", "--output", default="", help="File (default: stdout)")

    def handle(self, *args, **options):
        framework = Framework.objects.filter(
            year=options["year"], group=options["group"]
        ).first()
        if framework is None:
            raise CommandError(
                f"No framework for {options['year']} and group {options['group']}."
            )
        if options["format"] == "xlsx":
            data = framework_xlsx_bytes(framework)
        else:
            data = framework_csv_bytes(framework)
        if options["output"]:
            with open(options["output"], "wb") as file:
                file.write(data)
            self.stderr.write(f"Wrote {options['output']}")
        elif options["format"] == "xlsx":
            if self.stdout.isatty():
                raise CommandError("XLSX is binary: give -o FILE.")
            sys.stdout.buffer.write(data)
        else:
            self.stdout.write(data.decode("utf-8-sig"), ending="")
