"""Working-day arithmetic across Tết and the national holidays of 2025 and 2026.

Expected dates are the government's announcements for civil servants; the
`holidays` library (which the module uses) agrees with all of them, including
the swapped Saturdays 26/04/2025 and 22/08/2026.
"""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inspections.working_days import (
    add_working_days,
    holiday_name,
    holidays_between,
    is_working_day,
    working_days_between,
)

D = datetime.date


def days(start: D, end: D):
    day = start
    while day <= end:
        yield day
        day += datetime.timedelta(days=1)


@pytest.mark.parametrize(
    ("first", "last"),
    [
        # Tết Ất Tỵ 2025: official break Sat 25/01 – Sun 02/02/2025 (9 days).
        (D(2025, 1, 25), D(2025, 2, 2)),
        # Tết Bính Ngọ 2026: official break Sat 14/02 – Sun 22/02/2026 (9 days).
        (D(2026, 2, 14), D(2026, 2, 22)),
        # 30/4–1/5/2025: Wed 30/04 – Sun 04/05/2025 (Fri 02/05 swapped with Sat 26/04).
        (D(2025, 4, 30), D(2025, 5, 4)),
        # National Day 2025: Sat 30/08 – Tue 02/09/2025.
        (D(2025, 8, 30), D(2025, 9, 2)),
        # 30/4–1/5/2026: Thu 30/04 – Sun 03/05/2026.
        (D(2026, 4, 30), D(2026, 5, 3)),
        # National Day 2026: Sat 29/08 – Wed 02/09/2026 (Mon 31/08 swapped with Sat 22/08).
        (D(2026, 8, 29), D(2026, 9, 2)),
    ],
)
def test_official_breaks_are_not_working_days_and_are_bounded_by_working_days(
    first, last
):
    assert not any(is_working_day(day) for day in days(first, last))
    before = first - datetime.timedelta(days=1)
    after = last + datetime.timedelta(days=1)
    assert is_working_day(before) and is_working_day(after)


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # The day before the Tết 2025 break: the next working day is after it.
        (D(2025, 1, 24), 1, D(2025, 2, 3)),
        # A conclusion notice of Mon 20/01/2025 with the usual 15 working days:
        # 4 days before Tết, then 03/02 onwards.
        (D(2025, 1, 20), 15, D(2025, 2, 17)),
        (D(2026, 2, 13), 1, D(2026, 2, 23)),
        (D(2026, 2, 9), 10, D(2026, 3, 2)),
        # Saturday 26/04/2025 was a working day (swap for Friday 02/05).
        (D(2025, 4, 25), 1, D(2025, 4, 26)),
        (D(2025, 4, 29), 1, D(2025, 5, 5)),
        (D(2025, 8, 29), 1, D(2025, 9, 3)),
        (D(2026, 4, 29), 1, D(2026, 5, 4)),
        (D(2026, 8, 28), 1, D(2026, 9, 3)),
        # Saturday 22/08/2026 was a working day (swap for Monday 31/08).
        (D(2026, 8, 21), 1, D(2026, 8, 22)),
        # Zero days: the start date itself.
        (D(2025, 1, 29), 0, D(2025, 1, 29)),
    ],
)
def test_add_working_days(start, n, expected):
    assert add_working_days(start, n) == expected
    assert working_days_between(start, expected) == n


def test_swapped_saturdays_are_working_days_and_ordinary_saturdays_are_not():
    assert is_working_day(D(2025, 4, 26))
    assert is_working_day(D(2026, 8, 22))
    assert not is_working_day(D(2025, 4, 19))
    assert not is_working_day(D(2026, 8, 15))


def test_working_days_between_counts_after_start_up_to_end():
    # Mon 27/01 … Sun 02/02/2025 is all Tết: nothing to count.
    assert working_days_between(D(2025, 1, 26), D(2025, 2, 2)) == 0
    assert working_days_between(D(2025, 2, 3), D(2025, 2, 7)) == 4
    assert working_days_between(D(2025, 2, 7), D(2025, 2, 3)) == 0


def test_holidays_are_named_for_the_deadline_explanation():
    skipped = holidays_between(D(2025, 4, 29), D(2025, 5, 5))
    assert [day for day, _name in skipped] == [
        D(2025, 4, 30),
        D(2025, 5, 1),
        D(2025, 5, 2),
    ]
    assert all(name for _day, name in skipped)
    assert holiday_name(D(2025, 1, 29))
    assert holiday_name(D(2025, 1, 21)) == ""


def test_negative_days_are_refused():
    with pytest.raises(ValueError):
        add_working_days(D(2025, 1, 1), -1)


@given(
    start=st.dates(min_value=D(2024, 1, 1), max_value=D(2027, 12, 31)),
    n=st.integers(min_value=0, max_value=80),
)
def test_adding_then_counting_gives_back_the_number_of_days(start, n):
    end = add_working_days(start, n)
    assert working_days_between(start, end) == n
    assert end >= start
    if n:
        assert is_working_day(end)
        assert (end - start).days >= n
