"""Context every page needs: site identity, the user's role and navigation."""

from dataclasses import dataclass
from fnmatch import fnmatchcase

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
    # Other pages that belong to this entry (fnmatch patterns of view names),
    # so the entry is marked current on them too.
    also_current: tuple[str, ...] = ()

    def current(self, view_name: str) -> str:
        """The aria-current value: "page" on its own page, "true" on the pages
        under it, "" elsewhere."""
        if view_name == self.url_name:
            return "page"
        if any(fnmatchcase(view_name, pattern) for pattern in self.also_current):
            return "true"
        return ""


@dataclass(frozen=True)
class NavGroup:
    """A dropdown of the main menu; with one entry visible to a role, that
    entry is shown on its own instead."""

    label: Promise
    icon: str
    items: tuple[NavItem, ...]


_EVERYONE = frozenset(Role)
_OVERSIGHT = frozenset({Role.SNV_STAFF, Role.LEADERSHIP})

# Main menu, in order; each entry shows to the roles listed.
NAV_ITEMS: list[NavItem | NavGroup] = [
    NavItem("inspections:home", _("Overview"), "speedometer2", _EVERYONE),
    NavGroup(
        _("PAR index"),
        "bar-chart-line",
        (
            NavItem(
                "indices:ranking",
                _("Ranking"),
                "bar-chart-line",
                _EVERYONE,
                ("indices:ranking_*", "indices:score*"),
            ),
            NavItem(
                "indices:framework_list",
                _("Frameworks"),
                "diagram-3",
                _EVERYONE,
                ("indices:framework_*", "indices:node_*"),
            ),
            NavItem(
                "indices:agency_list",
                _("Agencies"),
                "buildings",
                _EVERYONE,
                ("indices:agency_*",),
            ),
        ),
    ),
    NavGroup(
        _("Inspections"),
        "clipboard-check",
        (
            NavItem(
                "inspections:plan_list",
                _("Inspection plans"),
                "calendar3",
                _OVERSIGHT,
                ("inspections:plan_*",),
            ),
            NavItem(
                "inspections:inspection_list",
                _("Inspection records"),
                "clipboard-check",
                _EVERYONE,
                ("inspections:inspection_*", "inspections:finding_*"),
            ),
        ),
    ),
    NavGroup(
        _("Tasks"),
        "list-check",
        (
            NavItem(
                "inspections:task_list",
                _("Remediation tasks"),
                "list-check",
                _EVERYONE,
                ("inspections:task_*", "inspections:reorganisation_*"),
            ),
            NavItem(
                "inspections:remediation_status",
                _("Status per agency"),
                "table",
                _EVERYONE,
                ("inspections:remediation_status*",),
            ),
            NavItem(
                "inspections:directive_list",
                _("Directives"),
                "file-earmark-text",
                _EVERYONE,
                ("inspections:directive_*",),
            ),
        ),
    ),
]

# The user's own menu (under their name), in order.
USER_MENU_ITEMS = [
    NavItem("inspections:notification_list", _("Notifications"), "bell", _EVERYONE),
    NavItem(
        "inspections:calendar_feed", _("Deadline calendar"), "calendar-event", _EVERYONE
    ),
]


def _link(item: NavItem, view_name: str) -> dict:
    current = item.current(view_name)
    return {
        "url": reverse(item.url_name),
        "label": item.label,
        "icon": item.icon,
        "current": current,
        "active": bool(current),
    }


def nav_entries(role: Role | None, current: str) -> list[dict]:
    """The main menu of a role: links, and dropdowns with their `children`;
    `active` marks the entry (and its dropdown) of the current page, `current`
    is its aria-current value."""
    entries = []
    for entry in NAV_ITEMS:
        if isinstance(entry, NavItem):
            if role in entry.roles:
                entries.append(_link(entry, current))
            continue
        children = [_link(item, current) for item in entry.items if role in item.roles]
        if len(children) == 1:
            entries.append(children[0])
        elif children:
            entries.append(
                {
                    "label": entry.label,
                    "icon": entry.icon,
                    "children": children,
                    "active": any(child["active"] for child in children),
                }
            )
    return entries


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
    context["nav_items"] = nav_entries(role, current)
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
