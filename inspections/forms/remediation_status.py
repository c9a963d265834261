"""The filters of the remediation status report: year and agency group."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from indices.models import AgencyGroup


class RemediationStatusFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year assigned"), coerce=int)
    group = forms.ChoiceField(
        label=_("Group"),
        choices=[("", _("All groups")), *AgencyGroup.choices],
        required=False,
    )

    def __init__(self, *args, years: list[int], with_group: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(str(year), str(year)) for year in years]
        if not with_group:
            # Agency users see their own agency only: no group to choose.
            del self.fields["group"]
        for field in self.fields.values():
            field.widget.attrs.update({"class": "form-select", "data-autosubmit": ""})
