"""How numbers and dates are written for people: one module that templates
(the `ui` filters), exports, messages and PDFs all call, so a date or a score
reads the same everywhere (dd/mm/yyyy, 1.234,56 in Vietnamese)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.formats import date_format, number_format


def short_date(day: datetime.date | None) -> str:
    """05/03/2026 (the active language's SHORT_DATE_FORMAT)."""
    if not day:
        return ""
    return date_format(day, "SHORT_DATE_FORMAT")


def short_datetime(moment: datetime.datetime | None) -> str:
    """05/03/2026 14:30 in the site's time zone."""
    if not moment:
        return ""
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return f"{short_date(moment.date())} {moment:%H:%M}"


def date_range(start: datetime.date, end: datetime.date) -> str:
    """01/12/2026–07/12/2026, or one date when both are the same day."""
    if start == end:
        return short_date(start)
    return f"{short_date(start)}–{short_date(end)}"


def shown(value: Decimal | int | None) -> str:
    """A number in a message: the active language's decimal mark (14,5 in
    Vietnamese), no trailing zeros; "–" for none."""
    if value is None:
        return "–"
    value = Decimal(value)
    value = (
        value.quantize(Decimal(1))
        if value == value.to_integral()
        else value.normalize()
    )
    return number_format(value, use_l10n=True, force_grouping=True)


def points(value, places: int = 2) -> str:
    """Points with the locale's separators and fixed decimals: 14,50."""
    if value is None or value == "":
        return "–"
    return number_format(
        Decimal(value), decimal_pos=places, use_l10n=True, force_grouping=True
    )


def percent(value, places: int = 2) -> str:
    """A percentage with the locale's separators: 96,85 %."""
    if value is None or value == "":
        return "–"
    return f"{points(value, places)} %"


def official_date(day) -> str:
    """The date line of an administrative document: "ngày 05 tháng 3 năm 2026".

    Days below 10 and the months 1 and 2 take a leading zero (Nghị định
    30/2020/NĐ-CP on administrative documents).
    """
    if not day:
        return ""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"
