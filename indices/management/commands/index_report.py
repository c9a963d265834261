"""Print a year's index results per group: rank, agency, score, maximum,
percent and band, then the group average, highest and lowest."""

import csv
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from core.tabular import format_decimal
from indices.selectors import GroupReport, results_report

from ._files import GROUP_CHOICES

CSV_HEADER = ["rank", "agency", "group", "score", "max_score", "percent", "band"]


class Command(BaseCommand):
    help = (
        "Index results of a year per group. CSV header: "
        "rank,agency,group,score,max_score,percent,band; each group's rows are "
        "followed by its average, highest and lowest lines. Numbers use a dot "
        "and two decimals."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--group", choices=GROUP_CHOICES, default="")
        parser.add_argument(
            "--format", choices=["table", "csv", "json"], default="table"
        )

    def handle(self, *args, **options):
        reports = results_report(options["year"], group=options["group"])
        if not reports:
            raise CommandError(f"No results for {options['year']}.")
        {"table": self.write_table, "csv": self.write_csv, "json": self.write_json}[
            options["format"]
        ](reports)

    def write_csv(self, reports: list[GroupReport]) -> None:
        writer = csv.writer(self.stdout, lineterminator="\n")
        writer.writerow(CSV_HEADER)
        for report in reports:
            for row in report.rows:
                writer.writerow(_csv_row(row.rank or "", row, report.group))
            writer.writerow(
                [
                    "average",
                    "",
                    report.group,
                    "",
                    "",
                    format_decimal(report.average),
                    "",
                ]
            )
            for label, rows in (("highest", report.highest), ("lowest", report.lowest)):
                for row in rows:
                    writer.writerow(_csv_row(label, row, report.group))

    def write_json(self, reports: list[GroupReport]) -> None:
        def line(row):
            return {
                "rank": row.rank,
                "agency": row.agency.name,
                "score": format_decimal(row.total_points),
                "max_score": format_decimal(row.applicable_max),
                "percent": format_decimal(row.percent),
                "band": row.band_label,
                "illustrative": row.is_illustrative,
                "provisional": row.is_provisional,
            }

        data = {
            "year": reports[0].framework.year,
            "groups": [
                {
                    "group": report.group,
                    "framework": report.framework.name,
                    "published": report.framework.is_published,
                    "rows": [line(row) for row in report.rows],
                    "average": format_decimal(report.average),
                    "highest": [line(row) for row in report.highest],
                    "lowest": [line(row) for row in report.lowest],
                }
                for report in reports
            ],
        }
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))

    def write_table(self, reports: list[GroupReport]) -> None:
        for report in reports:
            framework = report.framework
            state = _("published") if framework.is_published else _("draft")
            self.stdout.write(
                f"\n{framework.get_group_display()} – {framework.year} ({state})"
            )
            width = max((len(r.agency.name) for r in report.rows), default=10)
            self.stdout.write(
                f"{_('Rank'):>5}  {_('Agency'):<{width}}  {_('Points'):>7}  "
                f"{_('Max'):>7}  {_('Index'):>7}  {_('Classification')}"
            )
            for row in report.rows:
                marks = []
                if row.is_illustrative:
                    marks.append(_("illustrative"))
                if row.is_provisional:
                    marks.append(_("provisional"))
                note = f"  [{', '.join(marks)}]" if marks else ""
                self.stdout.write(
                    f"{row.rank or '':>5}  {row.agency.name:<{width}}  "
                    f"{format_decimal(row.total_points):>7}  "
                    f"{format_decimal(row.applicable_max):>7}  "
                    f"{format_decimal(row.percent):>7}  {row.band_label}{note}"
                )
            self.stdout.write(f"{_('Group average')}: {format_decimal(report.average)}")
            for label, rows in (
                (_("Highest"), report.highest),
                (_("Lowest"), report.lowest),
            ):
                for row in rows:
                    self.stdout.write(
                        f"{label}: {row.agency.name} {format_decimal(row.percent)}"
                    )


def _csv_row(rank, row, group: str) -> list[str]:
    return [
        rank,
        row.agency.name,
        group,
        format_decimal(row.total_points),
        format_decimal(row.applicable_max),
        format_decimal(row.percent),
        row.band_label,
    ]
