"""Pages of the agency registry: list, detail with reorganisation history and
results over the years, and registry changes by Sở Nội vụ staff."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, FormView, ListView

from core.forms.service_errors import add_service_errors

from .. import selectors, services
from ..access import acts_for_all_agencies, sees_all_agencies
from ..forms.agencies import AgencyDeactivateForm, AgencyForm
from ..models import AgencyGroup
from ..services.agencies import AGENCY_EDITABLE_FIELDS
from ._access import SnvRequiredMixin


class AgencyListView(ListView):
    template_name = "indices/agency_list.html"
    context_object_name = "agencies"
    paginate_by = 50

    def get_queryset(self):
        return selectors.agency_list_for_user(
            self.request.user,
            search=self.request.GET.get("q", "").strip(),
            group=self.request.GET.get("group", ""),
        ).select_related("snv_liaison")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            groups=AgencyGroup.choices,
            search=self.request.GET.get("q", ""),
            selected_group=self.request.GET.get("group", ""),
            page_heading=gettext_lazy("Agencies"),
            can_manage=acts_for_all_agencies(self.request.user)
            and self.request.user.has_perm("indices.add_agency"),
            **kwargs,
        )


class AgencyDetailView(DetailView):
    template_name = "indices/agency_detail.html"
    context_object_name = "agency"

    def get_object(self, queryset=None):
        return selectors.agency_get_for_user(
            self.request.user, self.kwargs["agency_id"]
        )

    def get_context_data(self, **kwargs):
        user, agency = self.request.user, self.object
        can_manage = acts_for_all_agencies(user) and user.has_perm(
            "indices.change_agency"
        )
        return super().get_context_data(
            reorganisations=selectors.agency_reorganisations(agency),
            results=selectors.results_history_for_user(user, agency),
            change_history=selectors.agency_change_history(agency)
            if sees_all_agencies(user)
            else None,
            can_manage=can_manage,
            **kwargs,
        )


class AgencyCreateView(SnvRequiredMixin, FormView):
    permission_required = "indices.add_agency"
    template_name = "indices/agency_form.html"
    form_class = AgencyForm

    def form_valid(self, form):
        values = {name: form.cleaned_data[name] for name in AGENCY_EDITABLE_FIELDS}
        try:
            agency = services.agency_create(actor=self.request.user, **values)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The agency was registered."))
        return redirect(agency)


class AgencyUpdateView(SnvRequiredMixin, FormView):
    permission_required = "indices.change_agency"
    template_name = "indices/agency_form.html"
    form_class = AgencyForm

    def dispatch(self, request, *args, **kwargs):
        self.agency = selectors.agency_get_for_user(request.user, kwargs["agency_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        # The form edits its own copy; the service compares against the stored row.
        copy = selectors.agency_get_for_user(self.request.user, self.agency.pk)
        return {**super().get_form_kwargs(), "instance": copy}

    def get_context_data(self, **kwargs):
        return super().get_context_data(agency=self.agency, **kwargs)

    def form_valid(self, form):
        values = {name: form.cleaned_data[name] for name in AGENCY_EDITABLE_FIELDS}
        try:
            services.agency_update(
                agency=self.agency, actor=self.request.user, **values
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The changes were saved."))
        return redirect(self.agency)


class AgencyDeactivateView(SnvRequiredMixin, FormView):
    permission_required = "indices.change_agency"
    template_name = "indices/agency_deactivate.html"
    form_class = AgencyDeactivateForm

    def dispatch(self, request, *args, **kwargs):
        self.agency = selectors.agency_get_for_user(request.user, kwargs["agency_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(agency=self.agency, **kwargs)

    def form_valid(self, form):
        try:
            services.agency_deactivate(
                agency=self.agency,
                active_to=form.cleaned_data["active_to"],
                reason=form.cleaned_data["reason"],
                actor=self.request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The agency's last day was recorded."))
        return redirect(self.agency)
