"""Forms of the task pages: the board's filters, creation, and the workflow.

Every workflow form carries the `version` of the task it was rendered with
(optimistic concurrency, see inspections.services.tasks).
"""

from __future__ import annotations

import datetime

from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indices.models import Agency, AgencyGroup

from ..models import DeadlineBasis, Directive, TaskSource, TaskStatus
from .deadlines import DeadlineFieldsForm, date_field


def _helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False  # the template writes the <form> (action, confirm)
    return helper


def active_agencies(day: datetime.date | None = None):
    return Agency.objects.active_on(day or timezone.localdate()).order_by(
        "group", "name"
    )


class AgencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


# --- The board -----------------------------------------------------------------------------


class TaskFilterForm(forms.Form):
    STATUS_CHOICES = [
        ("", _("All statuses")),
        ("pending", _("Not yet submitted")),
        *TaskStatus.choices,
    ]

    q = forms.CharField(label=_("Search"), required=False)
    year = forms.IntegerField(
        label=_("Year assigned"), required=False, min_value=2000, max_value=2100
    )
    agency = AgencyChoiceField(
        label=_("Agency"),
        queryset=Agency.objects.none(),
        required=False,
        empty_label=_("All agencies"),
    )
    group = forms.ChoiceField(
        label=_("Group"),
        choices=[("", _("All groups")), *AgencyGroup.choices],
        required=False,
    )
    source = forms.ChoiceField(
        label=_("Source"),
        choices=[("", _("All sources")), *TaskSource.choices],
        required=False,
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=STATUS_CHOICES, required=False
    )
    timeliness = forms.ChoiceField(
        label=_("Timeliness"),
        choices=[
            ("", _("Any")),
            ("due", _("Due so far")),
            ("on_time", _("Reported on time")),
            ("late", _("Reported late")),
        ],
        required=False,
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    due_soon = forms.BooleanField(label=_("Due within 7 days"), required=False)
    deadline_from = date_field(_("Deadline from"), required=False)
    deadline_to = date_field(_("Deadline to"), required=False)

    field_order = [
        "q",
        "year",
        "agency",
        "group",
        "source",
        "status",
        "deadline_from",
        "deadline_to",
    ]

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        if agencies is None:
            # Agency users see only their own agency: no agency or group filter.
            del self.fields["agency"]
            del self.fields["group"]
        else:
            self.fields["agency"].queryset = agencies
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs["class"] = "form-check-input"
            elif isinstance(widget, forms.Select):
                widget.attrs["class"] = "form-select"
            else:
                widget.attrs["class"] = "form-control"

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("deadline_from"), cleaned.get("deadline_to")
        if start and end and end < start:
            self.add_error(
                "deadline_to", _("The end of the period is before its start.")
            )
        return cleaned


# --- Creation ------------------------------------------------------------------------------


class TaskFromFindingForm(DeadlineFieldsForm):
    agency = AgencyChoiceField(
        label=_("Responsible agency"), queryset=Agency.objects.none()
    )
    title = forms.CharField(label=_("Task"), max_length=300)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    start_date = date_field(
        _("Start date"), help_text=_("Usually the date of the conclusion notice.")
    )
    requires_evidence = forms.BooleanField(
        label=_("Evidence required when submitting"), required=False, initial=True
    )

    field_order = ["agency", "title", "description", "start_date"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = active_agencies()
        self.helper = _helper()


class LowScorePreviewForm(forms.Form):
    """The preview's parameters (GET): which year's flags, assigned as of when."""

    year = forms.IntegerField(
        label=_("Index year"), min_value=2000, max_value=2100, required=False
    )
    start_date = date_field(
        _("Start date"),
        required=False,
        help_text=_(
            "Tasks go to the agencies existing on this date (a merged agency's "
            "to its successor); days are counted from it."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start_date"].widget.attrs["class"] = "form-control"


class LowScoreTasksForm(DeadlineFieldsForm):
    """Creation (POST): the previewed year and start date, and the deadline."""

    year = forms.IntegerField(min_value=2000, max_value=2100, widget=forms.HiddenInput)
    start_date = forms.DateField(widget=forms.HiddenInput)
    instructions = forms.CharField(
        label=_("Instructions added to every task (optional)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("E.g. how and to whom to report the result."),
    )

    field_order = ["year", "start_date"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deadline_basis"].initial = DeadlineBasis.CALENDAR_DAYS
        self.fields["deadline_days"].initial = 90
        self.helper = _helper()


# --- Workflow ------------------------------------------------------------------------------


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class TaskProgressForm(VersionedForm):
    percent = forms.IntegerField(
        label=_("Progress (%)"),
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"step": 5}),
    )
    note = forms.CharField(
        label=_("What was done"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class EvidenceUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Evidence file"),
        help_text=_("PDF, DOCX, XLSX, JPG or PNG; at most 20 MB per file."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.docx,.xlsx,.jpg,.jpeg,.png"}
        ),
    )
    description = forms.CharField(
        label=_("Description"), max_length=300, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class TaskSubmitForm(VersionedForm):
    report = forms.CharField(
        label=_("Remediation report"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What was fixed, how, and where the evidence shows it."),
    )


class TaskVerifyForm(VersionedForm):
    note = forms.CharField(
        label=_("Note (optional)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class TaskReturnForm(VersionedForm):
    reason = forms.CharField(
        label=_("Reason for returning"), widget=forms.Textarea(attrs={"rows": 3})
    )


class TaskCancelForm(VersionedForm):
    reason = forms.CharField(
        label=_("Reason for cancelling"), widget=forms.Textarea(attrs={"rows": 2})
    )


class TaskReassignForm(VersionedForm):
    agency = AgencyChoiceField(label=_("New agency"), queryset=Agency.objects.none())
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, task=None, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = active_agencies()
        if task is not None:
            agencies = agencies.exclude(pk=task.agency_id)
        self.fields["agency"].queryset = agencies


class TaskDeadlineForm(VersionedForm, DeadlineFieldsForm):
    """A new deadline: a date, or days counted from `count_from` (default: the
    current deadline, i.e. an extension)."""

    count_from = date_field(_("Count the days from"), required=False)
    reason = forms.CharField(
        label=_("Reason for the change"), widget=forms.Textarea(attrs={"rows": 2})
    )
    granted_by_chair = forms.BooleanField(
        label=_("Granted by the provincial chair"), required=False
    )
    directive = forms.ModelChoiceField(
        label=_("Directive granting it"),
        queryset=Directive.objects.none(),
        required=False,
        empty_label=_("Not recorded in the system"),
    )
    directive_reference = forms.CharField(
        label=_("Or its reference"),
        max_length=255,
        required=False,
        help_text=_("Number and date of the document, e.g. 45/UBND-NC of 12/05/2025."),
    )

    field_order = [
        "version",
        "deadline_basis",
        "deadline",
        "deadline_days",
        "count_from",
        "reason",
        "granted_by_chair",
        "directive",
        "directive_reference",
    ]

    def __init__(self, *args, task=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.task = task
        self.fields["deadline_basis"].initial = DeadlineBasis.DATE
        self.fields["deadline"].label = _("New deadline")
        self.fields["directive"].queryset = Directive.objects.order_by("-issued_on")
        if task is not None:
            self.fields["count_from"].initial = task.deadline

    def deadline_start(self):
        if self.task is None:
            return None
        if self.cleaned_data.get("deadline_basis") == DeadlineBasis.DATE:
            # A fixed date may also shorten the deadline, down to the start date.
            return self.task.start_date
        return self.cleaned_data.get("count_from") or self.task.deadline
