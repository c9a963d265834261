"""The filters a list or report was made with, in words ("Group: Sở, ban,
ngành"), for the heading of an export and the printed page."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django import forms
from django.utils.translation import gettext as _

from .formatting import short_date


def applied_filters(
    form: forms.Form | None, *, exclude: Iterable[str] = ()
) -> list[tuple[str, str]]:
    """(label, value shown) of every filter of a validated form that has a
    value, except the fields named in `exclude` (a report that states them
    elsewhere); fields that failed validation are left out."""
    if form is None:
        return []
    data = getattr(form, "cleaned_data", None) or {}
    shown = []
    for name, field in form.fields.items():
        value = data.get(name)
        if name in exclude or value in (None, "", [], False):
            continue
        shown.append((str(field.label or name), _display(field, value)))
    return shown


def _display(field: forms.Field, value: object) -> str:
    if isinstance(field, forms.ModelChoiceField):
        return str(field.label_from_instance(value))
    if isinstance(field, forms.ChoiceField):
        return str(_choice_labels(field.choices).get(str(value), value))
    if isinstance(field, forms.BooleanField):
        return _("yes")
    if isinstance(value, datetime.date):
        return short_date(value)
    return str(value)


def _choice_labels(choices) -> dict[str, object]:
    labels = {}
    for key, label in choices:
        if isinstance(label, list | tuple):  # an option group
            labels.update(_choice_labels(label))
        else:
            labels[str(key)] = label
    return labels
