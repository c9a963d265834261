"""The home page every user lands on after logging in."""

from django.views.generic import TemplateView

from indices.roles import ROLE_LABELS, role_of


class HomeView(TemplateView):
    template_name = "inspections/home.html"

    def get_context_data(self, **kwargs):
        role = role_of(self.request.user)
        return super().get_context_data(
            role=role and role.value,
            role_label=ROLE_LABELS.get(role) if role else None,
            **kwargs,
        )
