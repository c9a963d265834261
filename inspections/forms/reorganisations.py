"""The form recording an agency reorganisation (merger, split, rename…)."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from indices.models import Agency, ReorganisationKind

from .deadlines import date_field


class AgencyMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class ReorganisationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ReorganisationKind.choices)
    effective_date = date_field(
        _("Effective date"),
        help_text=_("Predecessors cease the day before; successors exist from it."),
    )
    decision_reference = forms.CharField(
        label=_("Legal basis"),
        max_length=255,
        required=False,
        help_text=_("E.g. Decree 45/2025/NĐ-CP or the provincial decision."),
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    predecessors = AgencyMultipleChoiceField(
        label=_("Predecessors"),
        queryset=Agency.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_("Hold Ctrl (⌘ on a Mac) to choose several."),
    )
    successors = AgencyMultipleChoiceField(
        label=_("Successors"),
        queryset=Agency.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_(
            "Hold Ctrl (⌘ on a Mac) to choose several. Create a new agency in the "
            "agency registry first if needed."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = Agency.objects.order_by("group", "name")
        self.fields["predecessors"].queryset = agencies
        self.fields["successors"].queryset = agencies
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        predecessors = cleaned.get("predecessors") or []
        successors = cleaned.get("successors") or []
        if kind != ReorganisationKind.ESTABLISH and not predecessors:
            self.add_error("predecessors", _("Choose at least one predecessor."))
        if (
            kind
            in (
                ReorganisationKind.MERGE,
                ReorganisationKind.SPLIT,
                ReorganisationKind.RENAME,
                ReorganisationKind.ESTABLISH,
            )
            and not successors
        ):
            self.add_error("successors", _("Choose at least one successor."))
        if kind == ReorganisationKind.DISSOLVE and successors:
            self.add_error(
                "successors", _("A dissolved agency has no successor; leave it empty.")
            )
        if kind == ReorganisationKind.SPLIT and len(successors) < 2:
            self.add_error("successors", _("A split has at least two successors."))
        return cleaned
