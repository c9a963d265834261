"""Pages of the agency registry and the PAR index."""

from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from . import selectors
from .models import AgencyGroup


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
            page_heading=_("Agencies"),
            **kwargs,
        )


class AgencyDetailView(DetailView):
    template_name = "indices/agency_detail.html"
    context_object_name = "agency"

    def get_object(self, queryset=None):
        return selectors.agency_get_for_user(
            self.request.user, self.kwargs["agency_id"]
        )
