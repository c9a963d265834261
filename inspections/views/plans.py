"""Pages of the yearly inspection plan: list, create, coverage, items, approval."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import ListView, TemplateView

from core.policies import require
from core.spreadsheets import xlsx_response
from core.views.service_forms import ServiceFormView

from .. import exports
from ..forms.plans import (
    PlanApproveForm,
    PlanCreateForm,
    PlanItemForm,
    PlanTargetsForm,
    PlanUpdateForm,
)
from ..policies.inspections import InspectionAction, allowed_inspection_actions
from ..policies.plans import may_approve_plans, may_manage_plans
from ..selectors import plans as selectors
from ..selectors.coverage import plan_coverage, plan_suggestions
from ..services import plans as services


class PlanListView(ListView):
    template_name = "inspections/inspectionplan_list.html"
    context_object_name = "plans"
    paginate_by = 20

    def get_queryset(self):
        return selectors.plan_list_for_user(self.request.user)


class PlanCreateView(ServiceFormView):
    template_name = "inspections/inspectionplan_form.html"
    form_class = PlanCreateForm

    def dispatch(self, request, *args, **kwargs):
        require(may_manage_plans(request.user))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            heading=_("New inspection plan"), submit_label=_("Create plan"), **kwargs
        )

    success_message = gettext_lazy("The draft plan was created.")

    def perform(self, form):
        return services.plan_create(actor=self.request.user, **form.cleaned_data)

    def get_success_url(self):
        return self.result.get_absolute_url()


class PlanMixin:
    """Loads the plan of the URL for a user who may see plans (403 otherwise)."""

    manage = False

    def dispatch(self, request, *args, **kwargs):
        if request.method.lower() not in self.http_method_names:
            # A wrong method says nothing about the plan: answer it first.
            return self.http_method_not_allowed(request, *args, **kwargs)
        self.plan = selectors.plan_get_for_user(request.user, kwargs["plan_id"])
        if self.manage:
            require(may_manage_plans(request.user))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(plan=self.plan, **kwargs)

    def get_success_url(self):
        return self.plan.get_absolute_url()


class PlanDetailView(PlanMixin, TemplateView):
    template_name = "inspections/inspectionplan_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        coverage = plan_coverage(self.plan)
        can_manage = may_manage_plans(user)
        suggestions = plan_suggestions(self.plan, coverage=coverage)
        return super().get_context_data(
            coverage=coverage,
            overall=coverage.overall,
            chart_data=coverage.chart_data(),
            suggestion_groups=[
                (group, suggestions.get(group.group, [])) for group in coverage.groups
            ],
            items=[
                (inspection, self.item_actions(inspection))
                for inspection in selectors.plan_items(self.plan)
            ],
            ad_hoc=selectors.ad_hoc_inspections_of_year(self.plan.year),
            can_manage=can_manage,
            can_approve=may_approve_plans(user) and not self.plan.is_approved,
            can_edit_targets=can_manage and not self.plan.is_approved,
            **kwargs,
        )

    def item_actions(self, inspection) -> list[str]:
        """The item's actions the user may take now. A draft plan's items are
        removed rather than cancelled: there is nothing to keep on record."""
        shown = [InspectionAction.UPDATE, InspectionAction.DELETE]
        if self.plan.is_approved:
            shown.append(InspectionAction.CANCEL)
        allowed = allowed_inspection_actions(self.request.user, inspection)
        return [action.value for action in shown if action in allowed]


class PlanUpdateView(PlanMixin, ServiceFormView):
    template_name = "inspections/inspectionplan_form.html"
    form_class = PlanUpdateForm
    manage = True
    success_message = gettext_lazy("The plan was saved.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.plan}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            heading=_("Edit the plan"), submit_label=_("Save"), **kwargs
        )

    def perform(self, form):
        return services.plan_update(
            plan=self.plan, actor=self.request.user, **form.cleaned_data
        )


class PlanTargetsView(PlanMixin, ServiceFormView):
    template_name = "inspections/inspectionplan_form.html"
    form_class = PlanTargetsForm
    manage = True
    success_message = gettext_lazy("The coverage targets were saved.")

    @cached_property
    def coverage(self):
        return plan_coverage(self.plan)

    def get_form_kwargs(self):
        groups = [(g.group, g.label, g.target_percent) for g in self.coverage.groups]
        return {**super().get_form_kwargs(), "groups": groups}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            heading=_("Coverage targets"),
            intro=_(
                "The share of each group's agencies the plan must inspect in the "
                "year. The plan cannot be approved while planned coverage is below "
                "target."
            ),
            refusal=_("The targets of an approved plan cannot be changed.")
            if self.plan.is_approved
            else "",
            submit_label=_("Save targets"),
            **kwargs,
        )

    def perform(self, form):
        return services.plan_targets_set(
            plan=self.plan, targets=form.cleaned_data, actor=self.request.user
        )


class PlanApproveView(PlanMixin, ServiceFormView):
    template_name = "inspections/inspectionplan_approve.html"
    form_class = PlanApproveForm
    success_message = gettext_lazy("The plan was approved.")

    def dispatch(self, request, *args, **kwargs):
        require(may_approve_plans(request.user))
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "plan": self.plan}

    def get_context_data(self, **kwargs):
        coverage = plan_coverage(self.plan)
        return super().get_context_data(
            coverage=coverage, overall=coverage.overall, **kwargs
        )

    def perform(self, form):
        return services.plan_approve(
            plan=self.plan,
            actor=self.request.user,
            approved_on=form.cleaned_data["approved_on"],
        )


class PlanItemCreateView(PlanMixin, ServiceFormView):
    template_name = "inspections/inspection_form.html"
    form_class = PlanItemForm
    manage = True
    success_message = gettext_lazy("The inspection was added to the plan.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if agency_id := self.request.GET.get("agency"):
            kwargs["initial"] = {"agency": agency_id}
        return {**kwargs, "plan": self.plan}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            heading=_("Add an inspection to the plan %(year)s")
            % {"year": self.plan.year},
            back_url=self.plan.get_absolute_url(),
            submit_label=_("Add to the plan"),
            **kwargs,
        )

    def perform(self, form):
        return services.plan_item_add(
            plan=self.plan, actor=self.request.user, **form.cleaned_data
        )

    def get_success_url(self):
        return self.plan.get_absolute_url() + "#items"


class PlanSuggestionAddView(PlanMixin, View):
    """One click on a suggestion: add that agency to the plan, schedule later."""

    http_method_names = ["post"]
    manage = True

    def post(self, request, *args, **kwargs):
        agency_id = request.POST.get("agency", "")
        if not agency_id.isdigit():
            raise Http404
        agency = selectors.plan_item_agency(int(agency_id))
        try:
            services.plan_item_add(plan=self.plan, agency=agency, actor=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _(
                    "%(agency)s was added to the plan; set its month and team when "
                    "known."
                )
                % {"agency": agency.name},
            )
        return redirect(self.plan.get_absolute_url() + "#coverage")


class PlanExportView(PlanMixin, View):
    """The plan as XLSX: its inspections, the coverage per group and overall,
    and the year's inspections outside the plan."""

    def get(self, request, *args, **kwargs):
        plan = self.plan
        sheets = exports.plan_sheets(
            plan,
            items=selectors.plan_items(plan),
            coverage=plan_coverage(plan),
            ad_hoc=selectors.ad_hoc_inspections_of_year(plan.year),
        )
        return xlsx_response(f"ke-hoach-kiem-tra-{plan.year}.xlsx", sheets)
