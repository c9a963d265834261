"""The home page's section (core.views.home): a greeting and the dashboard of
the user's role."""

from django.utils.translation import gettext as _

from indices.roles import ROLE_LABELS, role_of

from ..policies.dashboards import (
    may_view_agency_dashboard,
    may_view_oversight_dashboard,
)
from ..policies.directives import may_add_directive
from ..policies.inspections import may_create_inspections
from ..policies.plans import may_manage_plans
from ..policies.tasks import may_create_tasks
from ..selectors import dashboard as selectors


def chosen_year(text: str, default: int) -> int:
    """The ?year= asked for when it is a plausible year, else the default."""
    if text.isdigit() and 2000 <= int(text) <= 2100:
        return int(text)
    return default


def home_dashboard(request) -> dict:
    """Sở Nội vụ staff and leadership (read only) get the province's dashboard
    of a year; agency staff get their agency's."""
    user = request.user
    role = role_of(user)
    context = {
        "role": role and role.value,
        "role_label": ROLE_LABELS.get(role) if role else None,
    }
    if may_view_oversight_dashboard(user):
        context.update(_oversight_context(request, user))
    elif may_view_agency_dashboard(user):
        context.update(_agency_context(user))
    return context


def _oversight_context(request, user) -> dict:
    years = selectors.dashboard_years()
    year = chosen_year(request.GET.get("year", ""), years.default)
    dashboard = selectors.oversight_dashboard(user, year=year)
    coverage = dashboard.coverage
    return {
        "dashboard": dashboard,
        "years": sorted({*years.options, year}, reverse=True),
        "default_year": years.default,
        "coverage": coverage,
        "overall": coverage.overall if coverage else None,
        "coverage_chart": coverage.chart_data() if coverage else [],
        "charts": {
            "tasks": dashboard.tasks.chart_data(),
            "overdue": dashboard.overdue.chart_data(),
            "rankings": [g.chart_data() for g in dashboard.index.groups],
            "labels": {
                "average": _("Group average"),
                "overdue": _("Overdue tasks"),
                "index": _("Index (%)"),
            },
        },
        # Leadership reads; only Sở Nội vụ staff get the buttons that act.
        "can_manage_plans": may_manage_plans(user),
        "can_create_tasks": may_create_tasks(user),
        "can_add_directive": may_add_directive(user),
        "can_create_inspections": may_create_inspections(user),
    }


def _agency_context(user) -> dict:
    dashboard = selectors.agency_dashboard(user)
    scorecard = dashboard.scorecard
    return {
        "agency_dashboard": dashboard,
        "charts": {
            "fields": scorecard.chart_data() if scorecard else None,
            "labels": {"subindex": _("Sub-index (%)")},
        },
    }
