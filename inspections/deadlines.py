"""Turning "a fixed date", "N calendar days" or "N working days" into a date."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.formatting import short_date

from .models import DeadlineBasis
from .working_days import MAX_WORKING_DAYS, add_working_days


def resolve_deadline(
    *,
    basis: DeadlineBasis | str,
    start_date: datetime.date,
    days: int | None = None,
    deadline: datetime.date | None = None,
) -> datetime.date:
    """The deadline for `basis`: the given date, or `days` counted from `start_date`.

    Working days skip weekends, Vietnamese public holidays and Tết (see
    inspections.working_days); day 1 is the first day after `start_date`.
    Raises ValidationError naming the field ("deadline" or "deadline_days").
    """
    if basis == DeadlineBasis.DATE:
        if deadline is None:
            raise ValidationError(
                {"deadline": _("Enter the deadline date.")}, code="required"
            )
        result = deadline
    elif basis in (DeadlineBasis.CALENDAR_DAYS, DeadlineBasis.WORKING_DAYS):
        if days is None or days < 1:
            raise ValidationError(
                {"deadline_days": _("Enter a number of days of at least 1.")},
                code="required",
            )
        if days > MAX_WORKING_DAYS:
            raise ValidationError(
                {
                    "deadline_days": _("Enter at most %(max)s days.")
                    % {"max": MAX_WORKING_DAYS}
                },
                code="max_value",
            )
        if basis == DeadlineBasis.CALENDAR_DAYS:
            result = start_date + datetime.timedelta(days=days)
        else:
            result = add_working_days(start_date, days)
    else:
        raise ValidationError(
            {"deadline_basis": _("Choose how the deadline is set.")}, code="invalid"
        )
    if result < start_date:
        raise ValidationError(
            {
                "deadline": _(
                    "The deadline %(deadline)s is before the start date %(start)s."
                )
                % {"deadline": short_date(result), "start": short_date(start_date)}
            },
            code="before_start",
        )
    return result
