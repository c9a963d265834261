"""Print a year's inspection coverage per agency group against its target."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from core.formatting import percent, short_date

from ...models import InspectionPlan
from ...selectors.coverage import coverage_for_year, plan_coverage, year_reference_date


class Command(BaseCommand):
    help = (
        "Print per agency group: agencies in scope, planned and achieved coverage, "
        "the target and whether it is met."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)

    def handle(self, *args, year: int, **options):
        plan = InspectionPlan.objects.filter(year=year).first()
        if plan is None:
            coverage = coverage_for_year(year, reference_date=year_reference_date(year))
            self.stdout.write(
                _("No inspection plan for %(year)s; default targets.") % {"year": year}
            )
        else:
            coverage = plan_coverage(plan)
            status = (
                _("approved on %(day)s") % {"day": short_date(plan.approved_on)}
                if plan.is_approved
                else _("draft")
            )
            self.stdout.write(f"{plan} ({status})")
        self.stdout.write(
            _("Agencies in scope as of %(day)s.")
            % {"day": short_date(coverage.reference_date)}
        )
        rows = [
            (
                _("Group"),
                _("Agencies"),
                _("Planned"),
                _("Achieved"),
                _("Target"),
                _("Planned target"),
                _("Achieved target"),
            )
        ]
        groups = [(g.label, g) for g in coverage.groups]
        if len(groups) > 1:
            groups.append((_("All groups"), coverage.overall))
        for label, g in groups:
            rows.append(
                (
                    label,
                    str(g.agencies),
                    f"{g.planned} ({percent(g.planned_percent)})",
                    f"{g.achieved} ({percent(g.achieved_percent)})",
                    percent(g.target_percent),
                    _met(g.planned_met, g.planned_shortfall),
                    _met(g.achieved_met, g.achieved_shortfall),
                )
            )
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        for row in rows:
            self.stdout.write(
                "  ".join(
                    cell.ljust(width) if i == 0 else cell.rjust(width)
                    for i, (cell, width) in enumerate(zip(row, widths, strict=True))
                ).rstrip()
            )


def _met(met: bool, shortfall: int) -> str:
    if met:
        return _("met")
    return _("not met (%(count)s more)") % {"count": shortfall}
