"""Vietnamese formats: day-first dates, 1.234.567,5 numbers, Monday first."""

import datetime
from decimal import Decimal

from django import forms
from django.template import Context, Template
from django.utils import formats, translation


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


def test_day_first_date_input_is_read_as_fifth_of_march():
    with translation.override("vi"):
        assert forms.DateField().clean("05/03/2026") == datetime.date(2026, 3, 5)
        assert forms.DateField().clean("25/03/2026") == datetime.date(2026, 3, 25)


def test_numbers_render_with_dot_thousands_and_comma_decimals():
    with translation.override("vi"):
        assert render("{{ value }}", value=Decimal("1234567.5")) == "1.234.567,5"
        assert render("{{ value }}", value=1234567) == "1.234.567"
        assert (
            render("{% load ui %}{{ value|percent }}", value=Decimal("96.85"))
            == "96,85 %"
        )


def test_localized_decimal_input_accepts_vietnamese_punctuation():
    with translation.override("vi"):
        field = forms.DecimalField(localize=True)
        assert field.clean("1.234,5") == Decimal("1234.5")


def test_short_date_is_dd_mm_yyyy():
    with translation.override("vi"):
        assert (
            formats.date_format(datetime.date(2026, 3, 5), "SHORT_DATE_FORMAT")
            == "05/03/2026"
        )


def test_week_starts_on_monday():
    with translation.override("vi"):
        assert formats.get_format("FIRST_DAY_OF_WEEK") == 1


def test_english_keeps_day_first_dates():
    with translation.override("en"):
        assert forms.DateField().clean("05/03/2026") == datetime.date(2026, 3, 5)
        assert render("{{ value }}", value=Decimal("1234567.5")) == "1,234,567.5"


def test_date_fields_are_typed_day_first_whatever_the_browser_language():
    import datetime as dt

    from core.forms.widgets import DayInput

    html = DayInput().render("deadline", dt.date(2026, 3, 5))
    assert 'type="text"' in html and 'value="05/03/2026"' in html
    assert 'placeholder="dd/mm/yyyy"' in html


def test_no_form_uses_the_browsers_date_picker(snv_client):
    from django.urls import reverse

    for name in (
        "inspections:plan_create",
        "inspections:directive_create",
        "inspections:task_list",
    ):
        body = snv_client.get(reverse(name)).content.decode()
        assert 'type="date"' not in body, name
