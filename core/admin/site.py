"""The admin site: Vietnamese titles, the index in working order, and a guard
at the door.

Only users the rule "admin.enter" allows may enter (core.policies; the app
that knows who sees every agency registers it; with no rule registered nobody
enters). What each one may do inside is then decided by Django permissions,
as everywhere else. Apps give the order of their models with `order_models`.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..policies import allowed

ENTRY_RULE = "admin.enter"

# Apps first in the order they registered, then the others alphabetically;
# models of an app in the order given, others alphabetically after them.
APP_ORDER: list[str] = []
MODEL_ORDER: dict[str, list[str]] = {}


def order_models(app_label: str, model_names: list[str]) -> None:
    """Show `app_label` (after the apps ordered before it) with its models in
    this order on the admin index."""
    if app_label not in APP_ORDER:
        APP_ORDER.append(app_label)
    MODEL_ORDER[app_label] = list(model_names)


def _position(order: list[str], key: str) -> int:
    return order.index(key) if key in order else len(order)


class CchcAdminSite(admin.AdminSite):
    site_header = _("CCHC tracking – administration")
    site_title = _("CCHC administration")
    index_title = _("Data administration")

    def has_permission(self, request) -> bool:
        return allowed(ENTRY_RULE, request.user)

    def get_app_list(self, request, app_label=None):
        apps = list(self._build_app_dict(request, app_label).values())
        apps.sort(
            key=lambda app: (
                _position(APP_ORDER, app["app_label"]),
                str(app["name"]).lower(),
            )
        )
        for app in apps:
            order = MODEL_ORDER.get(app["app_label"], [])
            app["models"].sort(
                key=lambda m: (
                    _position(order, m["model"]._meta.model_name),
                    str(m["name"]),
                )
            )
        return apps
