"""The filters of a list in words, for export headings and printed pages."""

import pytest
from django import forms

from core.report_filters import applied_filters
from indices.models import Agency
from tests.indices.factories import AgencyFactory

pytestmark = pytest.mark.django_db


class Filters(forms.Form):
    q = forms.CharField(label="Tìm kiếm", required=False)
    group = forms.ChoiceField(
        label="Nhóm",
        choices=[("", "Tất cả"), ("a", "Nhóm A"), ("Khác", [("b", "Nhóm B")])],
        required=False,
    )
    agency = forms.ModelChoiceField(
        label="Cơ quan", queryset=Agency.objects.all(), required=False
    )
    overdue = forms.BooleanField(label="Quá hạn", required=False)
    day = forms.DateField(label="Ngày", required=False)
    year = forms.IntegerField(label="Năm", required=False, min_value=2000)


def test_filters_are_named_with_their_labels_and_shown_values():
    agency = AgencyFactory(name="Sở Tư pháp")
    form = Filters(
        {
            "q": "kế hoạch",
            "group": "b",
            "agency": agency.pk,
            "overdue": "on",
            "day": "2024-03-05",
            "year": "1999",  # invalid: left out rather than shown wrongly
        }
    )
    form.is_valid()
    assert applied_filters(form) == [
        ("Tìm kiếm", "kế hoạch"),
        ("Nhóm", "Nhóm B"),
        ("Cơ quan", "Sở Tư pháp"),
        ("Quá hạn", "yes"),
        ("Ngày", "05/03/2024"),
    ]
    assert [label for label, _ in applied_filters(form, exclude=("q", "day"))] == [
        "Nhóm",
        "Cơ quan",
        "Quá hạn",
    ]


def test_an_empty_or_unvalidated_form_has_no_filters():
    assert applied_filters(None) == []
    assert applied_filters(Filters()) == []
    empty = Filters({"group": ""})
    empty.is_valid()
    assert applied_filters(empty) == []
