"""Pages of inspection records: list, ad hoc creation, detail, status workflow,
and the conclusion notice download."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import ListView, TemplateView

from core.policies import require
from core.report_filters import applied_filters
from core.spreadsheets import xlsx_response
from core.uploads import private_file_response
from core.views.service_forms import ServiceFormView
from indices.access import sees_all_agencies
from indices.selectors import agency_list_for_user

from .. import exports
from ..forms.plans import (
    AdHocInspectionForm,
    InspectionCancelForm,
    InspectionConcludeForm,
    InspectionConductForm,
    InspectionFilterForm,
    InspectionUpdateForm,
)
from ..policies.findings import may_change_findings
from ..policies.inspections import (
    InspectionAction,
    allowed_inspection_actions,
    inspection_refusal,
    may_create_inspections,
    may_perform,
    may_view_inspection_history,
    may_view_inspections,
)
from ..policies.plans import may_view_plans
from ..selectors import plans as selectors
from ..selectors.plans import InspectionFilters
from ..services import inspections as services


class InspectionFilterMixin:
    def filter_form(self) -> InspectionFilterForm:
        user = self.request.user
        return InspectionFilterForm(
            self.request.GET or None,
            years=selectors.inspection_years_for_user(user),
            agencies=agency_list_for_user(user),
            all_agencies=sees_all_agencies(user),
        )

    def filtered_inspections(self, form: InspectionFilterForm):
        values = form.valid_filters() if form.is_bound else {}
        agency = values.get("agency")
        return selectors.inspection_list_for_user(
            self.request.user,
            InspectionFilters(
                year=values.get("year"),
                agency_id=agency.pk if agency else None,
                group=values.get("group") or "",
                kind=values.get("kind") or "",
                status=values.get("status") or "",
                origin=values.get("origin") or "",
                search=(values.get("q") or "").strip(),
            ),
        )


class InspectionListView(InspectionFilterMixin, ListView):
    template_name = "inspections/inspection_list.html"
    context_object_name = "inspections"
    paginate_by = 50

    def get_queryset(self):
        require(may_view_inspections(self.request.user))
        self.form = self.filter_form()
        return self.filtered_inspections(self.form)

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            filter_form=self.form,
            query=query.urlencode(),
            sees_plan=may_view_plans(self.request.user),
            **kwargs,
        )


class InspectionExportView(InspectionFilterMixin, View):
    """The filtered inspection list as an XLSX sheet."""

    def get(self, request, *args, **kwargs):
        require(may_view_inspections(request.user))
        form = self.filter_form()
        sheet = exports.inspection_list_sheet(
            self.filtered_inspections(form), filters=applied_filters(form)
        )
        return xlsx_response("kiem-tra-cchc.xlsx", [sheet])


class InspectionCreateView(ServiceFormView):
    """An inspection outside the plan."""

    template_name = "inspections/inspection_form.html"
    form_class = AdHocInspectionForm
    success_message = gettext_lazy("The inspection was recorded.")

    def dispatch(self, request, *args, **kwargs):
        require(may_create_inspections(request.user))
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "agencies": agency_list_for_user(self.request.user),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            heading=_("New inspection outside the plan"),
            intro=_(
                "For an unannounced or other inspection not in the year's plan. It "
                "counts toward the year's coverage like a plan item."
            ),
            back_url=reverse("inspections:inspection_list"),
            submit_label=_("Record"),
            **kwargs,
        )

    def perform(self, form):
        return services.inspection_ad_hoc_create(
            actor=self.request.user, **form.cleaned_data
        )

    def get_success_url(self):
        return self.result.get_absolute_url()


class InspectionDetailView(TemplateView):
    template_name = "inspections/inspection_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        inspection = selectors.inspection_get_for_user(
            user, self.kwargs["inspection_id"]
        )
        allowed = allowed_inspection_actions(user, inspection)
        return super().get_context_data(
            inspection=inspection,
            findings=inspection.findings.all(),
            allowed={action.value: action in allowed for action in InspectionAction},
            can_change_findings=may_change_findings(user, inspection),
            history=selectors.inspection_history(inspection)
            if may_view_inspection_history(user)
            else [],
            sees_plan=may_view_plans(user),
            **kwargs,
        )


class InspectionActionView(ServiceFormView):
    """Base of the pages that change one inspection through one service.

    GET shows why the action is impossible in the current state, if it is.
    """

    template_name = "inspections/inspection_form.html"
    action: InspectionAction
    heading = ""
    submit_label = gettext_lazy("Save")
    intro = ""
    confirm = ""

    def dispatch(self, request, *args, **kwargs):
        self.inspection = selectors.inspection_get_for_user(
            request.user, kwargs["inspection_id"]
        )
        # 404 when not visible (above), 403 when the user may not act.
        require(may_perform(request.user, self.inspection, self.action))
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "inspection": self.inspection}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            inspection=self.inspection,
            heading=self.heading,
            intro=self.intro,
            refusal=inspection_refusal(self.inspection, self.action),
            submit_label=self.submit_label,
            confirm=self.confirm,
            back_url=self.inspection.get_absolute_url(),
            **kwargs,
        )

    def get_success_url(self):
        return self.inspection.get_absolute_url()


class InspectionUpdateView(InspectionActionView):
    form_class = InspectionUpdateForm
    action = InspectionAction.UPDATE
    heading = gettext_lazy("Edit the inspection")
    success_message = gettext_lazy("The inspection was saved.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = kwargs.pop("inspection")
        return kwargs

    def perform(self, form):
        return services.inspection_update(
            inspection=self.inspection, actor=self.request.user, **form.cleaned_data
        )


class InspectionConductView(InspectionActionView):
    form_class = InspectionConductForm
    action = InspectionAction.CONDUCT
    heading = gettext_lazy("Record the inspection as conducted")
    submit_label = gettext_lazy("Record as conducted")
    success_message = gettext_lazy("The inspection was recorded as conducted.")

    def perform(self, form):
        return services.inspection_conduct(
            inspection=self.inspection, actor=self.request.user, **form.cleaned_data
        )


class InspectionConcludeView(InspectionActionView):
    form_class = InspectionConcludeForm
    action = InspectionAction.CONCLUDE
    heading = gettext_lazy("Conclusion notice")
    submit_label = gettext_lazy("Save the conclusion notice")
    success_message = gettext_lazy("The conclusion notice was saved.")

    def get_context_data(self, **kwargs):
        return super().get_context_data(ended_on=self.inspection.end_date, **kwargs)

    def perform(self, form):
        return services.inspection_conclude(
            inspection=self.inspection, actor=self.request.user, **form.cleaned_data
        )


class InspectionCancelView(InspectionActionView):
    form_class = InspectionCancelForm
    action = InspectionAction.CANCEL
    heading = gettext_lazy("Cancel the inspection")
    submit_label = gettext_lazy("Cancel the inspection")
    success_message = gettext_lazy("The inspection was cancelled.")
    intro = gettext_lazy(
        "A cancelled inspection stays on record with its reason and no longer "
        "counts toward coverage."
    )
    confirm = gettext_lazy("Cancel this inspection? This cannot be undone.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("inspection")
        return kwargs

    def perform(self, form):
        return services.inspection_cancel(
            inspection=self.inspection,
            actor=self.request.user,
            reason=form.cleaned_data["cancellation_reason"],
        )


class InspectionDeleteView(TemplateView):
    template_name = "inspections/inspection_confirm_delete.html"

    def dispatch(self, request, *args, **kwargs):
        self.inspection = selectors.inspection_get_for_user(
            request.user, kwargs["inspection_id"]
        )
        require(may_perform(request.user, self.inspection, InspectionAction.DELETE))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            inspection=self.inspection,
            refusal=inspection_refusal(self.inspection, InspectionAction.DELETE),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        plan = self.inspection.plan
        try:
            services.inspection_delete(inspection=self.inspection, actor=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(self.inspection.get_absolute_url())
        messages.success(request, _("The inspection was removed."))
        if plan and may_view_plans(request.user):
            return redirect(plan.get_absolute_url() + "#items")
        return redirect("inspections:inspection_list")


class InspectionConclusionDownloadView(View):
    """The conclusion notice file, to users who may see the inspection."""

    def get(self, request, *args, **kwargs):
        inspection = selectors.inspection_get_for_user(
            request.user, kwargs["inspection_id"]
        )
        if not inspection.conclusion_file:
            raise Http404
        extension = inspection.conclusion_file.name.rsplit(".", 1)[-1].lower()
        return private_file_response(
            inspection.conclusion_file,
            download_name=f"thong-bao-ket-luan-{inspection.agency.code}-"
            f"{inspection.year}.{extension}",
        )
