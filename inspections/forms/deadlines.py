"""Deadline inputs shared by every form that sets one: a fixed date, or a
number of calendar or working days counted from a start date."""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms.widgets import DayInput

from ..deadlines import resolve_deadline
from ..models import DeadlineBasis
from ..working_days import MAX_WORKING_DAYS

# Day-first text dates everywhere (see core.forms.widgets.DayInput).
DateInput = DayInput


def date_field(label, **kwargs) -> forms.DateField:
    return forms.DateField(label=label, widget=DateInput(), **kwargs)


class DeadlineFieldsForm(forms.Form):
    """Adds `deadline_basis`, `deadline_days`, `deadline`; `clean` puts the
    computed date in `cleaned_data["resolved_deadline"]`.

    Subclasses say where the days are counted from (`deadline_start`).
    """

    deadline_basis = forms.ChoiceField(
        label=_("Deadline set as"),
        choices=DeadlineBasis.choices,
        initial=DeadlineBasis.WORKING_DAYS,
        widget=forms.RadioSelect,
        help_text=_(
            "Working days skip Saturdays, Sundays, public holidays and Tết "
            "(official calendar); day 1 is the day after the start date."
        ),
    )
    deadline_days = forms.IntegerField(
        label=_("Number of days"),
        min_value=1,
        max_value=MAX_WORKING_DAYS,
        required=False,
    )
    deadline = date_field(_("Deadline date"), required=False)

    def deadline_start(self) -> datetime.date | None:
        return self.cleaned_data.get("start_date")

    def clean(self):
        cleaned = super().clean()
        start = self.deadline_start()
        if start is None or not cleaned.get("deadline_basis"):
            return cleaned
        try:
            cleaned["resolved_deadline"] = resolve_deadline(
                basis=cleaned["deadline_basis"],
                start_date=start,
                days=cleaned.get("deadline_days"),
                deadline=cleaned.get("deadline"),
            )
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned

    def deadline_values(self) -> dict:
        """Keyword arguments for the task services."""
        data = self.cleaned_data
        return {
            "deadline_basis": data["deadline_basis"],
            "deadline_days": data.get("deadline_days"),
            "deadline": data.get("deadline"),
        }
