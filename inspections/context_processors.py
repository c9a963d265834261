"""Context every page needs: site identity, the user's role and navigation."""

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from indices.access import sees_all_agencies
from indices.roles import ROLE_LABELS, Role, role_of


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: Promise
    icon: str
    roles: frozenset[Role]


_EVERYONE = frozenset(Role)
_OVERSIGHT = frozenset({Role.SNV_STAFF, Role.LEADERSHIP})

# Main menu, in order; each entry shows to the roles listed.
NAV_ITEMS = [
    NavItem("inspections:home", _("Overview"), "speedometer2", _EVERYONE),
    NavItem("indices:agency_list", _("Agencies"), "buildings", _EVERYONE),
    NavItem("inspections:task_list", _("Tasks"), "list-check", _EVERYONE),
    NavItem("indices:ranking", _("Ranking"), "bar-chart-line", _EVERYONE),
    NavItem("indices:framework_list", _("Frameworks"), "diagram-3", _EVERYONE),
]
NAV_ITEMS += [
    NavItem("inspections:plan_list", _("Inspection plans"), "calendar3", _OVERSIGHT),
    NavItem(
        "inspections:inspection_list", _("Inspections"), "clipboard-check", _EVERYONE
    ),
    NavItem(
        "inspections:directive_list", _("Directives"), "file-earmark-text", _EVERYONE
    ),
]

# The user's own menu (under their name), in order.
USER_MENU_ITEMS = [
    NavItem("inspections:notification_list", _("Notifications"), "bell", _EVERYONE),
    NavItem(
        "inspections:calendar_feed", _("Deadline calendar"), "calendar-event", _EVERYONE
    ),
]


def navigation(request):
    user = request.user
    context = {
        "site_name": _("CCHC tracking"),
        "province_name": settings.CCHC_PROVINCE_NAME,
        "nav_items": [],
        "user_menu_items": [],
        "role_label": None,
    }
    if not user.is_authenticated:
        return context
    role = role_of(user)
    current = request.resolver_match.view_name if request.resolver_match else ""
    context["role_label"] = ROLE_LABELS.get(role) if role else None
    context["sees_all_agencies"] = sees_all_agencies(user)
    context["nav_items"] = [
        {
            "url": reverse(item.url_name),
            "label": item.label,
            "icon": item.icon,
            "active": current == item.url_name,
        }
        for item in NAV_ITEMS
        if role in item.roles
    ]
    context["user_menu_items"] += [
        {"url": reverse(item.url_name), "label": item.label, "icon": item.icon}
        for item in USER_MENU_ITEMS
    ]
    return context


def notifications(request):
    """The bell's unread count (one query) for signed-in users."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from .selectors.notifications import notification_unread_count

    return {
        "notification_unread": notification_unread_count(user),
        "notification_url": reverse("inspections:notification_list"),
    }
