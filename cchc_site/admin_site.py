"""The admin site: Vietnamese titles, the index in working order, and a guard
that keeps anyone limited to one agency out.

The admin lists every agency's rows unfiltered, so only users who see every
agency (Sở Nội vụ staff, leadership, superusers; `indices.access`) may enter it,
even if an agency user is given staff status by mistake. What each one may do
inside is then decided by Django permissions, as everywhere else.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from indices.access import sees_all_agencies

# Apps first in this order, then the others alphabetically; models of an app in
# the order of the work (registry, index, inspections, tasks, reminders), others
# alphabetically after them.
APP_ORDER = ["indices", "inspections", "auth"]
MODEL_ORDER = {
    "indices": [
        "agency",
        "reorganisation",
        "user",
        "framework",
        "frameworknode",
        "band",
        "assessment",
        "nodescore",
    ],
    "inspections": [
        "inspectionplan",
        "coveragetarget",
        "inspection",
        "finding",
        "directive",
        "remediationtask",
        "taskevent",
        "evidence",
        "reminderrule",
        "reminder",
        "reminderscan",
        "reminderdigest",
        "notification",
        "calendarfeed",
    ],
}


def _position(order: list[str], key: str) -> int:
    return order.index(key) if key in order else len(order)


class CchcAdminSite(admin.AdminSite):
    site_header = _("CCHC tracking – administration")
    site_title = _("CCHC administration")
    index_title = _("Data administration")

    def has_permission(self, request) -> bool:
        user = request.user
        return bool(user.is_active and user.is_staff and sees_all_agencies(user))

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
