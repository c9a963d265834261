"""Forms of the directive pages: the document and its assignments."""

from __future__ import annotations

import datetime

from crispy_forms.bootstrap import InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indices.models import Agency

from ..models import DeadlineBasis, Directive
from ..models.tasks import DEFAULT_DIRECTIVE_SIGNER
from .deadlines import DateInput, DeadlineFieldsForm
from .tasks import AgencyChoiceField


class DirectiveForm(forms.ModelForm):
    file = forms.FileField(
        label=_("Document file"),
        required=False,
        help_text=_("PDF or DOCX of the signed document (optional)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx"}),
    )

    class Meta:
        model = Directive
        fields = ["number", "issued_on", "signer", "summary"]
        widgets = {
            "issued_on": DateInput(),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signer"].initial = DEFAULT_DIRECTIVE_SIGNER
        self.helper = FormHelper()
        self.helper.form_tag = False


class DirectiveAssignmentForm(DeadlineFieldsForm):
    """One agency's task under the directive; days count from the directive's date."""

    agency = AgencyChoiceField(
        label=_("Agency"), queryset=Agency.objects.none(), required=True
    )
    title = forms.CharField(label=_("Task"), max_length=300)
    # Unticked by default so that an untouched extra row stays empty.
    report_only = forms.BooleanField(
        label=_("A report is enough (no evidence file required)"), required=False
    )

    field_order = ["agency", "title", "deadline_basis", "deadline", "deadline_days"]

    def __init__(self, *args, start_date: datetime.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.start_date = start_date
        # Only agencies that exist can be given work (a ceased one has a successor).
        self.fields["agency"].queryset = Agency.objects.active_on(
            start_date or timezone.localdate()
        ).order_by("group", "name")
        self.fields["deadline_basis"].initial = DeadlineBasis.DATE
        self.fields["deadline_basis"].help_text = ""
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Row(
                Column("agency", css_class="col-md-5"),
                Column("title", css_class="col-md-7"),
            ),
            InlineRadios("deadline_basis"),
            Row(
                Column("deadline", css_class="col-sm-5"),
                Column("deadline_days", css_class="col-sm-3"),
                Column("report_only", css_class="col-sm-4 align-self-center"),
            ),
        )

    def deadline_start(self):
        return self.start_date


class BaseAssignmentFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or not form.cleaned_data:
                continue
            key = (form.cleaned_data.get("agency"), form.cleaned_data.get("title"))
            if key in seen:
                raise forms.ValidationError(
                    _("The same task is assigned twice to %(agency)s.")
                    % {"agency": key[0]}
                )
            seen.add(key)


DirectiveAssignmentFormSet = forms.formset_factory(
    DirectiveAssignmentForm,
    formset=BaseAssignmentFormSet,
    extra=3,
    min_num=1,
    validate_min=True,
)
