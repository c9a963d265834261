"""The action that turns low-score flags into remediation tasks, added to the
framework and assessment admins of indices.

It lives here because tasks belong to inspections, which may import indices
but not the reverse: the indices admins are registered again with the action.
The action leads to the site's preview page for the selected year, where the
start date and deadline are chosen and the tasks created
(inspections.services.tasks.tasks_create_from_low_scores).
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indices.admin.frameworks import FrameworkAdmin
from indices.admin.scores import AssessmentAdmin
from indices.models import Assessment, Framework

from ..policies.tasks import may_create_tasks


@admin.action(
    description=gettext_lazy("Create tasks from the low-score flags of this year"),
    permissions=["create_tasks"],
)
def tasks_from_low_scores(modeladmin, request, queryset):
    years = sorted(set(queryset.values_list("year", flat=True)))
    if len(years) != 1:
        modeladmin.message_user(
            request,
            _("Select frameworks or assessments of a single year."),
            messages.ERROR,
        )
        return None
    url = reverse("inspections:task_create_from_low_scores")
    return HttpResponseRedirect(f"{url}?year={years[0]}")


class LowScoreTasksActionMixin:
    def has_create_tasks_permission(self, request):
        return may_create_tasks(request.user)


admin.site.unregister(Framework)


@admin.register(Framework)
class FrameworkWithTasksAdmin(LowScoreTasksActionMixin, FrameworkAdmin):
    actions = [*FrameworkAdmin.actions, tasks_from_low_scores]


admin.site.unregister(Assessment)


@admin.register(Assessment)
class AssessmentWithTasksAdmin(LowScoreTasksActionMixin, AssessmentAdmin):
    actions = [*AssessmentAdmin.actions, tasks_from_low_scores]
