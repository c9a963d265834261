"""When an inspection may be scheduled: within its year, while its agency exists."""

from __future__ import annotations

import calendar
import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.formatting import short_date
from core.history import record_actor
from indices.models import Agency

from ..models import (
    Inspection,
    InspectionKind,
    InspectionPlan,
    InspectionStatus,
)


def agency_existence_error(agency: Agency, start: datetime.date, end: datetime.date):
    """A message when the agency existed on no day from `start` to `end`."""
    if agency.active_from and agency.active_from > end:
        return _("%(agency)s only exists from %(day)s.") % {
            "agency": agency.name,
            "day": short_date(agency.active_from),
        }
    if agency.active_to and agency.active_to < start:
        return _("%(agency)s ceased to exist on %(day)s.") % {
            "agency": agency.name,
            "day": short_date(agency.active_to),
        }
    return None


def check_schedule(
    *,
    agency: Agency,
    year: int,
    planned_month: int | None,
    planned_date: datetime.date | None,
) -> int | None:
    """Validate a planned month or date for an inspection of `year`; return the
    month to store (taken from the date when only the date is given).

    The date must fall in the year, agree with the month, and the agency must
    exist then (on the date, in the month, or at least in the year).
    """
    errors: dict[str, str] = {}
    if planned_date is not None:
        if planned_date.year != year:
            errors["planned_date"] = _("The planned date must be in %(year)s.") % {
                "year": year
            }
        elif planned_month and planned_month != planned_date.month:
            errors["planned_month"] = _(
                "The planned month does not match the planned date."
            )
        else:
            planned_month = planned_date.month
    if errors:
        raise ValidationError(errors)
    if planned_date is not None:
        start = end = planned_date
    elif planned_month:
        start = datetime.date(year, planned_month, 1)
        end = datetime.date(
            year, planned_month, calendar.monthrange(year, planned_month)[1]
        )
    else:
        start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    message = agency_existence_error(agency, start, end)
    if message:
        raise ValidationError({"agency": message}, code="inactive")
    return planned_month


def schedule_values(
    *,
    agency: Agency,
    year: int,
    kind: str,
    combined_with: str,
    planned_month: int | None,
    planned_date: datetime.date | None,
    team_lead: str,
    team_members: str,
    topics: str,
) -> dict:
    """The checked schedule of an inspection of `agency` in `year`, by field
    (INSPECTION_SCHEDULE_FIELDS): the month comes from the date when only the
    date is given; "combined with" is kept only for a combined inspection."""
    values = {
        "kind": kind,
        "combined_with": combined_with if kind == InspectionKind.COMBINED else "",
        "planned_month": check_schedule(
            agency=agency,
            year=year,
            planned_month=planned_month,
            planned_date=planned_date,
        ),
        "planned_date": planned_date,
        "team_lead": team_lead,
        "team_members": team_members,
        "topics": topics,
    }
    return values


def planned_inspection_save(
    *,
    plan: InspectionPlan | None,
    agency: Agency,
    year: int,
    is_illustrative: bool,
    actor,
    **schedule,
) -> Inspection:
    """Check the schedule and save a new inspection in status planned; shared
    by plan items (`plan` set) and inspections outside the plan (`plan` None).
    The caller has checked that `actor` may add it."""
    inspection = Inspection(
        plan=plan,
        agency=agency,
        year=year,
        status=InspectionStatus.PLANNED,
        is_illustrative=is_illustrative,
        **schedule_values(agency=agency, year=year, **schedule),
    )
    inspection.full_clean()
    record_actor(inspection, actor)
    inspection.save()
    return inspection
