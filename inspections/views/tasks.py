"""The board of remediation tasks (Sở Nội vụ's across agencies, or an
agency's own), its filters and its XLSX export. A task's page and workflow:
`task_workflow`; creation: `task_creation`."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from core.report_filters import applied_filters
from core.spreadsheets import xlsx_response
from indices.access import agencies_visible_to, sees_all_agencies

from .. import exports
from ..forms.tasks import TaskFilterForm
from ..models import TaskStatus
from ..selectors import tasks as task_selectors

# --- The board -------------------------------------------------------------------------------


def _filter_form(request) -> TaskFilterForm:
    user = request.user
    agencies = (
        agencies_visible_to(user).order_by("group", "name")
        if sees_all_agencies(user)
        else None
    )
    form = TaskFilterForm(request.GET or None, agencies=agencies)
    form.is_valid()
    return form


def _filters(form: TaskFilterForm) -> task_selectors.TaskFilters:
    data = getattr(form, "cleaned_data", {}) or {}
    agency = data.get("agency")
    return task_selectors.TaskFilters(
        search=(data.get("q") or "").strip(),
        year=data.get("year"),
        agency_id=agency.pk if agency else None,
        group=data.get("group") or "",
        source=data.get("source") or "",
        status=data.get("status") or "",
        overdue=bool(data.get("overdue")),
        due_soon=bool(data.get("due_soon")),
        timeliness=data.get("timeliness") or "",
        deadline_from=data.get("deadline_from"),
        deadline_to=data.get("deadline_to"),
    )


def task_board_url(filters: task_selectors.TaskFilters) -> str:
    """The board's address listing exactly the rows of `filters` (the inverse
    of `_filters`), for figures elsewhere that link to the rows they count.
    The board has no directive filter: the directive page lists its tasks."""
    params = {
        "q": filters.search,
        "year": filters.year,
        "agency": filters.agency_id,
        "group": filters.group,
        "source": filters.source,
        "status": filters.status,
        "overdue": "on" if filters.overdue else "",
        "due_soon": "on" if filters.due_soon else "",
        "timeliness": filters.timeliness,
        "deadline_from": filters.deadline_from.isoformat()
        if filters.deadline_from
        else "",
        "deadline_to": filters.deadline_to.isoformat() if filters.deadline_to else "",
    }
    query = urlencode({key: value for key, value in params.items() if value})
    url = reverse("inspections:task_list")
    return f"{url}?{query}" if query else url


def _chips(request, counts: task_selectors.TaskCounts, filters) -> list[dict]:
    """Quick filters with their counts, each keeping the other filters."""

    def url(**chosen) -> str:
        query = request.GET.copy()
        for key in ("status", "overdue", "due_soon", "page"):
            query.pop(key, None)
        for key, value in chosen.items():
            query[key] = value
        return f"?{query.urlencode()}"

    none_chosen = not (filters.status or filters.overdue or filters.due_soon)
    chips = [
        {
            "label": _("All"),
            "count": counts.total,
            "url": url(),
            "active": none_chosen,
            "icon": "list",
        },
        {
            "label": _("Overdue"),
            "count": counts.overdue,
            "url": url(overdue="on"),
            "active": filters.overdue,
            "icon": "alarm",
        },
        {
            "label": _("Due within 7 days"),
            "count": counts.due_soon,
            "url": url(due_soon="on"),
            "active": filters.due_soon,
            "icon": "hourglass-split",
        },
    ]
    icons = {
        TaskStatus.OPEN: "circle",
        TaskStatus.IN_PROGRESS: "arrow-repeat",
        TaskStatus.SUBMITTED: "send-check",
        TaskStatus.VERIFIED: "patch-check",
        TaskStatus.CANCELLED: "x-circle",
    }
    for status, label in TaskStatus.choices:
        chips.append(
            {
                "label": label,
                "count": counts.by_status[status],
                "url": url(status=status),
                "active": filters.status == status,
                "icon": icons[status],
            }
        )
    return chips


class TaskListView(ListView):
    """Sở Nội vụ's board across agencies, or an agency's own tasks."""

    template_name = "inspections/remediationtask_list.html"
    context_object_name = "tasks"
    paginate_by = 50

    def get(self, request, *args, **kwargs):
        self.filter_form = _filter_form(request)
        self.filters = _filters(self.filter_form)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return task_selectors.task_list_for_user(
            self.request.user, filters=self.filters
        )

    def get_context_data(self, **kwargs):
        user = self.request.user
        counts = task_selectors.task_counts_for_user(user, filters=self.filters)
        export_query = self.request.GET.copy()
        export_query.pop("page", None)
        overdue_query = export_query.copy()
        overdue_query.pop("overdue", None)
        return super().get_context_data(
            filter_form=self.filter_form,
            chips=_chips(self.request, counts, self.filters),
            is_board=sees_all_agencies(user),
            export_url=f"{reverse('inspections:task_export')}?{export_query.urlencode()}",
            overdue_export_url=f"{reverse('inspections:overdue_export')}?"
            + overdue_query.urlencode(),
            show_overdue_export=self.filters.overdue,
            print_filters=applied_filters(self.filter_form),
            today=timezone.localdate(),
            **kwargs,
        )


class TaskExportView(View):
    """The board's rows (same filters) as an XLSX workbook."""

    def get(self, request):
        form = _filter_form(request)
        tasks = task_selectors.task_list_for_user(request.user, filters=_filters(form))
        today = timezone.localdate()
        sheet = exports.task_board_sheet(
            tasks, today=today, filters=applied_filters(form)
        )
        return xlsx_response(f"nhiem-vu-khac-phuc-{today:%Y%m%d}.xlsx", [sheet])
