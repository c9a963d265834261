"""Creating remediation tasks: from an inspection finding, and from a year's
low-score flags (preview, then create)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from core.forms.service_errors import add_service_errors
from core.policies import require

from ..forms.tasks import LowScorePreviewForm, LowScoreTasksForm, TaskFromFindingForm
from ..policies.tasks import may_create_tasks
from ..selectors import tasks as task_selectors
from ..services import tasks as task_services


class TaskFromFindingView(View):
    template_name = "inspections/remediationtask_from_finding.html"

    def _finding(self, request, finding_id):
        finding = task_selectors.finding_for_task_creation(request.user, finding_id)
        require(may_create_tasks(request.user))
        return finding

    def _render(self, request, finding, form):
        return render(
            request,
            self.template_name,
            {
                "finding": finding,
                "form": form,
                "existing_tasks": task_selectors.finding_tasks(finding),
                "default_days": task_services.finding_task_defaults(finding)[
                    "deadline_days"
                ],
            },
        )

    def get(self, request, finding_id):
        finding = self._finding(request, finding_id)
        defaults = task_services.finding_task_defaults(finding)
        return self._render(request, finding, TaskFromFindingForm(initial=defaults))

    def post(self, request, finding_id):
        finding = self._finding(request, finding_id)
        form = TaskFromFindingForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                task = task_services.task_create_from_finding(
                    finding=finding,
                    actor=request.user,
                    agency=data["agency"],
                    title=data["title"],
                    description=data["description"],
                    start_date=data["start_date"],
                    requires_evidence=data["requires_evidence"],
                    **form.deadline_values(),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Task created."))
                return redirect(task)
        return self._render(request, finding, form)


class LowScoreTasksView(View):
    """Preview, then create, one task per flagged node of a year's index."""

    template_name = "inspections/remediationtask_low_scores.html"

    def dispatch(self, request, *args, **kwargs):
        require(may_create_tasks(request.user))
        return super().dispatch(request, *args, **kwargs)

    def _render(self, request, form, year, start_date, params=None):
        preview = None
        if year and start_date:
            preview = task_selectors.low_score_task_preview(
                year=year, start_date=start_date
            )
        params = params or LowScorePreviewForm(
            initial={"year": year, "start_date": start_date}
        )
        return render(
            request,
            self.template_name,
            {"form": form, "params": params, "preview": preview, "year": year},
        )

    def get(self, request):
        params = LowScorePreviewForm(request.GET or None)
        params.is_valid()
        data = getattr(params, "cleaned_data", {}) or {}
        year = data.get("year") or task_selectors.low_score_default_year()
        start = data.get("start_date") or timezone.localdate()
        params = LowScorePreviewForm(initial={"year": year, "start_date": start})
        form = LowScoreTasksForm(initial={"year": year, "start_date": start})
        return self._render(request, form, year, start, params)

    def post(self, request):
        form = LowScoreTasksForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                result = task_services.tasks_create_from_low_scores(
                    year=data["year"],
                    actor=request.user,
                    start_date=data["start_date"],
                    instructions=data["instructions"],
                    **form.deadline_values(),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "%(created)s tasks created; %(existing)s already existed; "
                        "%(no_agency)s flagged items have no agency to assign."
                    )
                    % {
                        "created": len(result.created),
                        "existing": result.existing,
                        "no_agency": result.no_agency,
                    },
                )
                url = reverse("inspections:task_list")
                return HttpResponseRedirect(
                    f"{url}?source=low_score&year={data['start_date'].year}"
                )
        data = getattr(form, "cleaned_data", {})
        return self._render(request, form, data.get("year"), data.get("start_date"))
