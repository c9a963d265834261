"""Reports on remediation: the status per agency for a year (page, XLSX and
official PDF) and the overdue task list (XLSX). Each shows only what the user
may see: an agency user gets their own agency's row and tasks."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from core.documents import document_context, official_pdf, pdf_response
from core.policies import require
from core.report_filters import applied_filters
from core.spreadsheets import xlsx_response
from indices.access import sees_all_agencies

from .. import exports
from ..forms.remediation_status import RemediationStatusFilterForm
from ..models import TaskStatus
from ..policies.tasks import may_view_tasks
from ..selectors.remediation_status import (
    RemediationStatus,
    overdue_tasks_for_user,
    remediation_status_for_user,
    remediation_years_for_user,
)
from .tasks import _filter_form, _filters

# The task board's filters behind each figure of the report.
BOARD_FILTERS: dict[str, dict[str, str]] = {
    "total": {},
    **{status: {"status": status} for status in TaskStatus.values},
    "overdue": {"overdue": "on"},
    "due": {"timeliness": "due"},
    "on_time": {"timeliness": "on_time"},
}


class RemediationReportMixin:
    """Reads the year and group filters and loads the user's figures."""

    def dispatch(self, request, *args, **kwargs):
        require(may_view_tasks(request.user))
        return super().dispatch(request, *args, **kwargs)

    def load(self) -> tuple[RemediationStatus, RemediationStatusFilterForm]:
        user = self.request.user
        today = timezone.localdate()
        task_years = remediation_years_for_user(user)
        # The latest year with tasks (not a future one); this year when none.
        default_year = max(
            (y for y in task_years if y <= today.year), default=today.year
        )
        years = sorted({*task_years, today.year}, reverse=True)
        data = self.request.GET.copy()
        if data.get("year", "") not in {str(year) for year in years}:
            data["year"] = str(default_year)
        form = RemediationStatusFilterForm(
            data, years=years, with_group=sees_all_agencies(user)
        )
        form.is_valid()
        cleaned = form.cleaned_data
        status = remediation_status_for_user(
            user,
            year=cleaned.get("year", default_year),
            group=cleaned.get("group", ""),
            today=today,
        )
        return status, form

    def filters(self, form) -> list[tuple[str, str]]:
        # The year has its own line in the reports.
        return applied_filters(form, exclude=("year",))


def board_links(status: RemediationStatus, **scope: object) -> dict[str, str]:
    """Task-board URLs listing the tasks behind each figure of one row."""
    base = reverse("inspections:task_list")
    query = {"year": status.year, **{k: v for k, v in scope.items() if v}}
    return {
        figure: f"{base}?{urlencode({**query, **extra})}"
        for figure, extra in BOARD_FILTERS.items()
    }


class RemediationStatusView(RemediationReportMixin, TemplateView):
    template_name = "inspections/remediation_status.html"

    def get_context_data(self, **kwargs):
        status, form = self.load()
        all_agencies = status.all_agencies
        rows = [
            (row, board_links(status, agency=row.agency_id if all_agencies else None))
            for row in status.rows
        ]
        query = urlencode({"year": status.year, "group": status.group})
        return super().get_context_data(
            status=status,
            form=form,
            rows=rows,
            total_links=board_links(status, group=status.group),
            definitions=exports.remediation_definitions(),
            scope_line=exports.remediation_scope_line(status),
            print_filters=applied_filters(form),
            export_url=f"{reverse('inspections:remediation_status_export')}?{query}",
            pdf_url=f"{reverse('inspections:remediation_status_pdf')}?{query}",
            overdue_url=f"{reverse('inspections:overdue_export')}?"
            + urlencode({"year": status.year, "group": status.group}),
            **kwargs,
        )


class RemediationStatusExportView(RemediationReportMixin, View):
    def get(self, request):
        status, form = self.load()
        sheet = exports.remediation_status_sheet(status, filters=self.filters(form))
        return xlsx_response(
            f"tinh-hinh-khac-phuc-{status.year}-{status.as_of:%Y%m%d}.xlsx", [sheet]
        )


class RemediationStatusPdfView(RemediationReportMixin, View):
    """The status report as an official document, in Vietnamese."""

    def get(self, request):
        with translation.override(settings.LANGUAGE_CODE):
            status, form = self.load()
            context = document_context(
                title=_("Report on the remediation of shortcomings in %(year)s")
                % {"year": status.year}
            )
            context.update(
                status=status,
                filters=self.filters(form),
                scope_line=exports.remediation_scope_line(status),
                definitions=exports.remediation_definitions(),
            )
            pdf = official_pdf("documents/remediation_status.html", context)
        return pdf_response(
            f"bao-cao-khac-phuc-{status.year}-{status.as_of:%Y%m%d}.pdf", pdf
        )


class OverdueExportView(View):
    """The overdue tasks the user may see (the board's filters applied), with
    days overdue and the last progress report."""

    def get(self, request):
        form = _filter_form(request)
        today = timezone.localdate()
        tasks = overdue_tasks_for_user(
            request.user, today=today, filters=_filters(form)
        )
        filters = applied_filters(form, exclude=("overdue",))
        sheet = exports.overdue_sheet(tasks, today=today, filters=filters)
        return xlsx_response(f"nhiem-vu-qua-han-{today:%Y%m%d}.xlsx", [sheet])
