"""Pages of findings: recorded on the inspection page, each with its own page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from core.policies import require
from core.views.service_forms import ServiceFormView

from ..forms.plans import FindingForm
from ..policies.findings import (
    finding_delete_refusal,
    may_add_finding,
    may_change_finding,
    may_delete_finding,
)
from ..policies.inspections import InspectionAction, inspection_refusal
from ..selectors import plans as selectors
from ..selectors import tasks as task_selectors
from ..services import findings as services


class FindingFormMixin:
    template_name = "inspections/finding_form.html"
    form_class = FindingForm

    def get_form_kwargs(self):
        framework = selectors.finding_framework(self.inspection)
        return {
            **super().get_form_kwargs(),
            "framework": framework,
            "year": self.inspection.year,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            inspection=self.inspection,
            refusal=inspection_refusal(
                self.inspection, InspectionAction.RECORD_FINDINGS
            ),
            **kwargs,
        )

    def get_success_url(self):
        return self.inspection.get_absolute_url() + "#findings"


class FindingCreateView(FindingFormMixin, ServiceFormView):
    success_message = gettext_lazy("The finding was recorded.")

    def dispatch(self, request, *args, **kwargs):
        self.inspection = selectors.inspection_get_for_user(
            request.user, kwargs["inspection_id"]
        )
        require(may_add_finding(request.user, self.inspection))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            heading=_("New finding"), submit_label=_("Record the finding"), **kwargs
        )

    def perform(self, form):
        return services.finding_create(
            inspection=self.inspection, actor=self.request.user, **form.cleaned_data
        )


class FindingUpdateView(FindingFormMixin, ServiceFormView):
    success_message = gettext_lazy("The finding was saved.")

    def dispatch(self, request, *args, **kwargs):
        self.finding = selectors.finding_get_for_user(
            request.user, kwargs["finding_id"]
        )
        require(may_change_finding(request.user, self.finding))
        self.inspection = self.finding.inspection
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.finding}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            heading=_("Edit the finding"),
            submit_label=_("Save"),
            finding=self.finding,
            **kwargs,
        )

    def perform(self, form):
        return services.finding_update(
            finding=self.finding, actor=self.request.user, **form.cleaned_data
        )


class FindingDetailView(TemplateView):
    template_name = "inspections/finding_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        finding = selectors.finding_get_for_user(user, self.kwargs["finding_id"])
        return super().get_context_data(
            finding=finding,
            inspection=finding.inspection,
            tasks=task_selectors.tasks_of_finding_for_user(user, finding),
            **kwargs,
        )


class FindingDeleteView(TemplateView):
    template_name = "inspections/finding_confirm_delete.html"

    def dispatch(self, request, *args, **kwargs):
        self.finding = selectors.finding_get_for_user(
            request.user, kwargs["finding_id"]
        )
        require(may_delete_finding(request.user, self.finding))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            finding=self.finding,
            inspection=self.finding.inspection,
            refusal=finding_delete_refusal(self.finding),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        inspection = self.finding.inspection
        try:
            services.finding_delete(finding=self.finding, actor=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(self.finding.get_absolute_url())
        messages.success(request, _("The finding was deleted."))
        return redirect(inspection.get_absolute_url() + "#findings")
