"""The main menu and the user's menu, as registries the apps fill.

Each app adds its entries from `AppConfig.ready` (`main_menu.add(...)`); an
entry shows when the named rule of its app's policy module allows the user
(core.policies), the same answer the page itself gives, so the menu never
offers a page that refuses the user.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fnmatch import fnmatchcase

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .policies import allowed


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: Promise
    icon: str
    # The rule (core.policies) that must allow the user; "" for every
    # signed-in user.
    rule: str = ""
    # Other pages that belong to this entry (fnmatch patterns of view names),
    # so the entry is marked current on them too.
    also_current: tuple[str, ...] = ()

    def visible_to(self, user) -> bool:
        return user.is_authenticated and (not self.rule or allowed(self.rule, user))

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
    """A dropdown of the main menu; with one entry visible to a user, that
    entry is shown on its own instead."""

    key: str
    label: Promise
    icon: str
    items: list[NavItem] = field(default_factory=list)


@dataclass(order=True)
class _Placed:
    position: int
    entry: NavItem | NavGroup = field(compare=False)


class Menu:
    def __init__(self):
        self._entries: list[_Placed] = []

    def add(self, entry: NavItem | NavGroup, *, position: int) -> None:
        """Add an entry or a dropdown; lower positions come first."""
        self._entries.append(_Placed(position, entry))
        self._entries.sort()

    def add_to_group(self, key: str, item: NavItem) -> None:
        self.group(key).items.append(item)

    def group(self, key: str) -> NavGroup:
        for placed in self._entries:
            if isinstance(placed.entry, NavGroup) and placed.entry.key == key:
                return placed.entry
        raise KeyError(key)

    def __iter__(self):
        return (placed.entry for placed in self._entries)


main_menu = Menu()
user_menu = Menu()

main_menu.add(
    NavItem("core:home", _("Overview"), "speedometer2", "site.member"), position=0
)


def _link(item: NavItem, view_name: str) -> dict:
    current = item.current(view_name)
    return {
        "url": reverse(item.url_name),
        "label": item.label,
        "icon": item.icon,
        "current": current,
        "active": bool(current),
    }


def nav_entries(user, current: str, menu: Menu = main_menu) -> list[dict]:
    """The menu of a user: links, and dropdowns with their `children`;
    `active` marks the entry (and its dropdown) of the current page, `current`
    is its aria-current value."""
    entries = []
    for entry in menu:
        if isinstance(entry, NavItem):
            if entry.visible_to(user):
                entries.append(_link(entry, current))
            continue
        children = [
            _link(item, current) for item in entry.items if item.visible_to(user)
        ]
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
    """Context processor: the site's name and the user's menus."""
    user = request.user
    context = {"site_name": _("CCHC tracking"), "nav_items": [], "user_menu_items": []}
    if not user.is_authenticated:
        return context
    current = request.resolver_match.view_name if request.resolver_match else ""
    context["nav_items"] = nav_entries(user, current)
    context["user_menu_items"] = nav_entries(user, current, user_menu)
    return context
