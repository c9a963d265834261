"""Working-day arithmetic for Vietnamese deadlines.

A working day is a Monday–Friday that is not a public holiday, plus the
Saturdays the government declares working days when it swaps a bridge day
(e.g. Saturday 26/04/2025 was worked so that Friday 02/05/2025 was off).
Holidays, Tết and those swaps come from the maintained `holidays` library
(`holidays.country_holidays("VN")`), which cites the government's
announcements; nothing here is a hand-written list.

Counting follows the usual reading of "within N working days from D": the
day D itself is not counted, day 1 is the first working day after D.
"""

from __future__ import annotations

import datetime
import functools

import holidays
from django.utils.translation import get_language

_ONE_DAY = datetime.timedelta(days=1)
# Larger than any real deadline; stops a runaway loop on absurd input.
MAX_WORKING_DAYS = 3650


@functools.lru_cache(maxsize=64)
def _year_calendar(
    year: int, language: str = "en_US"
) -> tuple[dict[datetime.date, str], frozenset[datetime.date]]:
    """The year's days off {date: name} and its swapped working Saturdays.

    Built once per year and language, then immutable (safe across threads).
    """
    calendar = holidays.country_holidays(
        "VN", years={year - 1, year, year + 1}, language=language
    )
    days_off = {day: name for day, name in calendar.items() if day.year == year}
    workdays = frozenset(d for d in calendar.weekend_workdays if d.year == year)
    return days_off, workdays


def _library_language() -> str:
    return "vi" if (get_language() or "vi").startswith("vi") else "en_US"


def is_working_day(day: datetime.date) -> bool:
    days_off, weekend_workdays = _year_calendar(day.year)
    if day.weekday() >= 5:  # Saturday, Sunday
        return day in weekend_workdays
    return day not in days_off


def holiday_name(day: datetime.date) -> str:
    """The public holiday's name in the active language, or "" for other days."""
    days_off, _workdays = _year_calendar(day.year, _library_language())
    return days_off.get(day, "")


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The `days`-th working day after `start` (`start` itself is not counted).

    `days` = 0 returns `start` unchanged.
    """
    if days < 0:
        raise ValueError("days must not be negative")
    if days > MAX_WORKING_DAYS:
        raise ValueError(f"days must be at most {MAX_WORKING_DAYS}")
    day = start
    remaining = days
    while remaining:
        day += _ONE_DAY
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end` (0 if end ≤ start).

    The inverse of `add_working_days`: working_days_between(d, add_working_days(d, n)) == n.
    """
    count = 0
    day = start
    while day < end:
        day += _ONE_DAY
        if is_working_day(day):
            count += 1
    return count


def holidays_between(
    start: datetime.date, end: datetime.date
) -> list[tuple[datetime.date, str]]:
    """Public holidays falling on weekdays after `start` up to `end`, with names.

    Shown beside a computed deadline so the user sees why it moved.
    """
    found = []
    day = start
    while day < end:
        day += _ONE_DAY
        if day.weekday() < 5 and not is_working_day(day):
            found.append((day, holiday_name(day)))
    return found
