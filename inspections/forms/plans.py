"""Forms of plans, inspections and findings. They validate input; the views
hand `cleaned_data` to the services, which own the business rules."""

from __future__ import annotations

import datetime

from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms.widgets import DayInput
from indices.models import Agency, AgencyGroup, Framework, FrameworkNode

from ..models import (
    INSPECTION_SCHEDULE_FIELDS,
    Finding,
    Inspection,
    InspectionKind,
    InspectionPlan,
    InspectionStatus,
)
from ..selectors.plans import finding_node_choices


def date_input() -> forms.DateInput:
    return DayInput()


def month_choices() -> list[tuple[str, str]]:
    return [("", _("Not fixed yet"))] + [
        (str(m), _("Month %(month)s") % {"month": m}) for m in range(1, 13)
    ]


def with_defaults(kwargs: dict, defaults: dict) -> None:
    """Initial values: the caller's, else these defaults (FormView always
    passes an `initial` dict, often empty)."""
    kwargs["initial"] = {**defaults, **(kwargs.get("initial") or {})}


class HelperMixin:
    """Crispy renders the fields; the template writes the <form> and buttons."""

    def _build_helper(self) -> None:
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class PlanCreateForm(HelperMixin, forms.ModelForm):
    class Meta:
        model = InspectionPlan
        fields = ["year", "title", "document_number", "document_date", "note"]
        widgets = {
            "document_date": date_input(),
            "note": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "document_number": _("E.g. 25/KH-UBND; required before approval."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "year" in self.fields:
            # A year is not a quantity: no thousands separator ("2.024").
            self.fields["year"].localize = False
            self.fields["year"].widget = forms.NumberInput(
                attrs={"min": 2000, "max": 2100}
            )
        self._build_helper()


class PlanUpdateForm(PlanCreateForm):
    class Meta(PlanCreateForm.Meta):
        fields = ["title", "document_number", "document_date", "note"]


class PlanTargetsForm(HelperMixin, forms.Form):
    """One target (percent of the group's agencies) per group of the plan."""

    def __init__(self, *args, groups: list[tuple[str, str, object]], **kwargs):
        super().__init__(*args, **kwargs)
        for group, label, target in groups:
            self.fields[group] = forms.DecimalField(
                label=label,
                min_value=0,
                max_value=100,
                max_digits=5,
                decimal_places=2,
                initial=target,
                localize=True,
                help_text=_("Percent of the group's agencies in scope."),
            )
        self._build_helper()


class PlanApproveForm(HelperMixin, forms.Form):
    approved_on = forms.DateField(
        label=_("Approval date"),
        widget=date_input(),
        help_text=_(
            "The date of the approving document. Coverage is checked against the "
            "agencies that exist on this date."
        ),
    )

    def __init__(self, *args, plan: InspectionPlan, **kwargs):
        last_day = datetime.date(plan.year, 12, 31)
        default_day = plan.document_date or min(timezone.localdate(), last_day)
        with_defaults(kwargs, {"approved_on": default_day})
        super().__init__(*args, **kwargs)
        self._build_helper()


_SCHEDULE_FIELDS = list(INSPECTION_SCHEDULE_FIELDS)
_SCHEDULE_WIDGETS = {
    "planned_date": date_input(),
    "team_members": forms.Textarea(attrs={"rows": 3}),
    "topics": forms.Textarea(attrs={"rows": 3}),
}


class ScheduleFieldsMixin(HelperMixin):
    def _setup_schedule_fields(self) -> None:
        if "planned_month" in self.fields:
            self.fields["planned_month"] = forms.TypedChoiceField(
                label=_("Planned month"),
                choices=month_choices(),
                coerce=int,
                empty_value=None,
                required=False,
                initial=self.initial.get("planned_month"),
            )
        self.fields["combined_with"].help_text = _(
            "Required for a combined inspection, e.g. civil-service discipline, "
            "control of administrative procedures, ISO."
        )
        self._build_helper()


class PlanItemForm(ScheduleFieldsMixin, forms.ModelForm):
    """A new item of a plan: which agency, when, by whom, on what."""

    class Meta:
        model = Inspection
        fields = ["agency", *_SCHEDULE_FIELDS]
        widgets = _SCHEDULE_WIDGETS

    def __init__(self, *args, plan: InspectionPlan, **kwargs):
        super().__init__(*args, **kwargs)
        # Agencies of the year not yet in the plan (a cancelled item frees one).
        self.fields["agency"].queryset = (
            Agency.objects.active_in_year(plan.year)
            .exclude(
                pk__in=plan.inspections.exclude(
                    status=InspectionStatus.CANCELLED
                ).values("agency_id")
            )
            .order_by("group", "name")
        )
        self._setup_schedule_fields()


class InspectionUpdateForm(ScheduleFieldsMixin, forms.ModelForm):
    class Meta:
        model = Inspection
        fields = _SCHEDULE_FIELDS
        widgets = _SCHEDULE_WIDGETS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.plan_id is None:
            self.fields["planned_date"].required = True
            del self.fields["planned_month"]
        self._setup_schedule_fields()


class AdHocInspectionForm(ScheduleFieldsMixin, forms.ModelForm):
    """An inspection outside the plan (often unannounced)."""

    class Meta:
        model = Inspection
        fields = ["agency", *(f for f in _SCHEDULE_FIELDS if f != "planned_month")]
        widgets = _SCHEDULE_WIDGETS
        labels = {"planned_date": _("Date")}

    def __init__(self, *args, agencies, **kwargs):
        with_defaults(kwargs, {"kind": InspectionKind.UNANNOUNCED})
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["planned_date"].required = True
        self._setup_schedule_fields()


class InspectionConductForm(HelperMixin, forms.Form):
    start_date = forms.DateField(label=_("First day"), widget=date_input())
    end_date = forms.DateField(label=_("Last day"), widget=date_input())
    team_lead = forms.CharField(label=_("Team lead"), max_length=150)
    team_members = forms.CharField(
        label=_("Team members"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line, with their agency."),
    )
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, inspection: Inspection, **kwargs):
        with_defaults(
            kwargs,
            {
                "start_date": inspection.start_date or inspection.planned_date,
                "end_date": inspection.end_date,
                "team_lead": inspection.team_lead,
                "team_members": inspection.team_members,
                "summary": inspection.summary,
            },
        )
        super().__init__(*args, **kwargs)
        self._build_helper()


class InspectionConcludeForm(HelperMixin, forms.Form):
    conclusion_number = forms.CharField(
        label=_("Notice number"), max_length=100, help_text=_("E.g. 112/TB-SNV.")
    )
    conclusion_date = forms.DateField(label=_("Notice date"), widget=date_input())
    conclusion_file = forms.FileField(
        label=_("Signed notice (PDF or DOCX)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx"}),
    )
    summary = forms.CharField(
        label=_("Summary of the conclusions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, inspection: Inspection, **kwargs):
        with_defaults(
            kwargs,
            {
                "conclusion_number": inspection.conclusion_number,
                "conclusion_date": inspection.conclusion_date,
                "summary": inspection.summary,
            },
        )
        super().__init__(*args, **kwargs)
        if inspection.conclusion_file:
            self.fields["conclusion_file"].help_text = _(
                "A file is attached; choose another only to replace it."
            )
        self._build_helper()


class InspectionCancelForm(HelperMixin, forms.Form):
    cancellation_reason = forms.CharField(
        label=_("Reason for cancelling"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. the agency was merged, or the inspection was moved."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._build_helper()


class NodeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: FrameworkNode) -> str:
        indent = "\u2003" * (obj.level - 1)
        return f"{indent}{obj.code}. {obj.name}"


class FindingForm(HelperMixin, forms.ModelForm):
    class Meta:
        model = Finding
        fields = ["description", "severity", "recommendation", "node"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "recommendation": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, framework: Framework | None, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["node"] = NodeChoiceField(
            label=_("Related field, criterion or sub-criterion"),
            queryset=finding_node_choices(framework),
            required=False,
            empty_label=_("(none)"),
        )
        if framework is None:
            self.fields["node"].disabled = True
            self.fields["node"].help_text = _(
                "No %(year)s framework exists for this agency's group, so no field "
                "or criterion can be chosen."
            ) % {"year": year}
        else:
            self.fields["node"].help_text = _("From the framework “%(name)s”.") % {
                "name": framework
            }
        self._build_helper()


# --- Filters ------------------------------------------------------------------------


class InspectionFilterForm(forms.Form):
    """The inspection list's filters (GET); invalid values are ignored."""

    q = forms.CharField(label=_("Search"), required=False)
    year = forms.TypedChoiceField(
        label=_("Year"), required=False, coerce=int, empty_value=None
    )
    agency = forms.ModelChoiceField(
        label=_("Agency"), queryset=Agency.objects.none(), required=False
    )
    group = forms.ChoiceField(label=_("Group"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    origin = forms.ChoiceField(label=_("Origin"), required=False)

    def __init__(self, *args, years: list[int], agencies, all_agencies: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not all_agencies:
            # An agency's staff see only their own agency: nothing to choose.
            del self.fields["agency"], self.fields["group"]
        everything = [("", _("All"))]
        self.fields["year"].choices = everything + [(str(y), str(y)) for y in years]
        if all_agencies:
            self.fields["agency"].queryset = agencies
            self.fields["agency"].empty_label = _("All")
            self.fields["group"].choices = everything + list(AgencyGroup.choices)
        self.fields["kind"].choices = everything + list(InspectionKind.choices)
        self.fields["status"].choices = everything + list(InspectionStatus.choices)
        self.fields["origin"].choices = everything + [
            ("plan", _("In the plan")),
            ("ad_hoc", _("Outside the plan")),
        ]
        for field in self.fields.values():
            css = (
                "form-select"
                if isinstance(field.widget, forms.Select)
                else "form-control"
            )
            field.widget.attrs["class"] = css

    def valid_filters(self) -> dict:
        """The values that validated; a bad one (e.g. an old agency id in a
        bookmarked URL) is dropped rather than failing the page."""
        self.is_valid()
        return dict(self.cleaned_data)
