"""Pages of the agency registry: list, detail with reorganisation history and
results over the years, and registry changes by Sở Nội vụ staff."""

from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, ListView

from core.views.guards import RuleRequiredMixin
from core.views.service_forms import ServiceFormView

from .. import policies, selectors, services
from ..forms.agencies import AgencyDeactivateForm, AgencyForm
from ..models import AgencyGroup
from ..services.agencies import AGENCY_EDITABLE_FIELDS


def _registry_values(form) -> dict:
    return {name: form.cleaned_data[name] for name in AGENCY_EDITABLE_FIELDS}


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
        return super().get_context_data(
            reorganisations=selectors.agency_reorganisations(agency),
            results=selectors.results_history_for_user(user, agency),
            change_history=selectors.agency_change_history(agency)
            if policies.may_view_change_history(user)
            else None,
            **kwargs,
        )


class AgencyCreateView(RuleRequiredMixin, ServiceFormView):
    required_rule = "indices.agency.add"
    template_name = "indices/agency_form.html"
    form_class = AgencyForm
    success_message = gettext_lazy("The agency was registered.")

    def perform(self, form):
        return services.agency_create(actor=self.request.user, **_registry_values(form))

    def get_success_url(self):
        return self.result.get_absolute_url()


class _AgencyChangeView(RuleRequiredMixin, ServiceFormView):
    required_rule = "indices.agency.change"

    def dispatch(self, request, *args, **kwargs):
        self.agency = selectors.agency_get_for_user(request.user, kwargs["agency_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(agency=self.agency, **kwargs)

    def get_success_url(self):
        return self.agency.get_absolute_url()


class AgencyUpdateView(_AgencyChangeView):
    template_name = "indices/agency_form.html"
    form_class = AgencyForm
    success_message = gettext_lazy("The changes were saved.")

    def get_form_kwargs(self):
        # The form edits its own copy; the service compares against the stored row.
        copy = selectors.agency_get_for_user(self.request.user, self.agency.pk)
        return {**super().get_form_kwargs(), "instance": copy}

    def perform(self, form):
        return services.agency_update(
            agency=self.agency, actor=self.request.user, **_registry_values(form)
        )


class AgencyDeactivateView(_AgencyChangeView):
    template_name = "indices/agency_deactivate.html"
    form_class = AgencyDeactivateForm
    success_message = gettext_lazy("The agency's last day was recorded.")

    def perform(self, form):
        return services.agency_deactivate(
            agency=self.agency,
            active_to=form.cleaned_data["active_to"],
            reason=form.cleaned_data["reason"],
            actor=self.request.user,
        )
