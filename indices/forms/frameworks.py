from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms.layout import DATE_INPUT, fields_only_helper

from ..models import AgencyGroup, Band, Framework, FrameworkNode, NodeLevel

YEAR = {"min_value": 2000, "max_value": 2100}


class FrameworkCreateForm(forms.ModelForm):
    class Meta:
        model = Framework
        fields = [
            "year",
            "group",
            "name",
            "decision_reference",
            "total_points",
            "low_score_threshold",
            "is_illustrative",
        ]
        widgets = {"year": forms.NumberInput(attrs={"min": 2000, "max": 2100})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("total_points", "low_score_threshold"):
            self.fields[name].localize = True
            self.fields[name].widget.is_localized = True
        self.helper = fields_only_helper()


class FrameworkUpdateForm(FrameworkCreateForm):
    class Meta(FrameworkCreateForm.Meta):
        fields = [
            "name",
            "decision_reference",
            "total_points",
            "low_score_threshold",
            "is_illustrative",
        ]


class BandForm(forms.Form):
    label = forms.CharField(label=_("Label"), max_length=50, required=False)
    min_percent = forms.DecimalField(
        label=_("From (%)"),
        max_digits=5,
        decimal_places=2,
        min_value=0,
        max_value=100,
        required=False,
        localize=True,
    )

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("label")) != (cleaned.get("min_percent") is not None):
            raise forms.ValidationError(_("Give both the label and the threshold."))
        return cleaned


BandFormSet = forms.formset_factory(BandForm, extra=0, max_num=8, absolute_max=8)


def band_formset(framework: Framework | None, data=None) -> forms.BaseFormSet:
    bands: list[Band] = list(framework.bands.all()) if framework else []
    initial = [{"label": b.label, "min_percent": b.min_percent} for b in bands]
    initial += [{}] * (6 - len(initial)) if len(initial) < 6 else []
    return BandFormSet(data, initial=initial, prefix="bands")


def bands_of(formset) -> list[tuple[str, Decimal]]:
    return [
        (form.cleaned_data["label"], form.cleaned_data["min_percent"])
        for form in formset.forms
        if form.cleaned_data.get("label")
    ]


class NodeCreateForm(forms.ModelForm):
    parent = forms.ChoiceField(label=_("Parent"), required=False)

    class Meta:
        model = FrameworkNode
        fields = ["code", "name", "max_points", "method", "guidance"]
        widgets = {"guidance": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, framework: Framework, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].choices = [("", _("— none: a field —"))] + [
            (node.code, f"{node.code}. {node.name[:80]}")
            for node in framework.nodes.filter(
                level__lt=NodeLevel.SUBCRITERION
            ).order_by("order")
        ]
        self.fields["max_points"].localize = True
        self.fields["max_points"].widget.is_localized = True
        self.order_fields(
            ["parent", "code", "name", "max_points", "method", "guidance"]
        )
        self.helper = fields_only_helper()

    def _post_clean(self):
        # The service builds and validates the node (parent, level, code rules).
        pass


class NodeUpdateForm(forms.ModelForm):
    class Meta:
        model = FrameworkNode
        fields = ["name", "max_points", "method", "guidance"]
        widgets = {"guidance": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["max_points"].localize = True
        self.fields["max_points"].widget.is_localized = True
        self.helper = fields_only_helper()

    def _post_clean(self):
        pass


class FrameworkCopyForm(forms.Form):
    year = forms.IntegerField(label=_("Year of the copy"), **YEAR)
    name = forms.CharField(label=_("Name of the copy"), max_length=255, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = fields_only_helper()


class FrameworkImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        help_text=_(
            "One row per node with the header code, parent_code, name, max_points, "
            "method (appraisal or survey) and optionally guidance."
        ),
    )
    year = forms.IntegerField(label=_("Year"), **YEAR)
    group = forms.ChoiceField(label=_("Agency group"), choices=AgencyGroup.choices)
    name = forms.CharField(label=_("Name"), max_length=255, required=False)
    is_illustrative = forms.BooleanField(label=_("Illustrative"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = fields_only_helper()


class PublishForm(forms.Form):
    published_on = forms.DateField(label=_("Date of publication"), widget=DATE_INPUT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = fields_only_helper()
