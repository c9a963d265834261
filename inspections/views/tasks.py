"""Pages of remediation tasks: the board, a task's page with its workflow
actions, evidence downloads, and creation from a finding or from low scores."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from core.formatting import short_date
from core.forms.service_errors import add_service_errors
from core.report_filters import applied_filters
from core.spreadsheets import Column, Sheet, report_heading, xlsx_response
from core.uploads import private_file_response
from indices.access import agencies_visible_to, sees_all_agencies
from indices.models import Assessment

from ..forms.tasks import (
    EvidenceUploadForm,
    LowScorePreviewForm,
    LowScoreTasksForm,
    TaskCancelForm,
    TaskDeadlineForm,
    TaskFilterForm,
    TaskFromFindingForm,
    TaskProgressForm,
    TaskReassignForm,
    TaskReturnForm,
    TaskSubmitForm,
    TaskVerifyForm,
)
from ..models import CLOSED_STATUSES, DeadlineBasis, TaskStatus
from ..policies.tasks import (
    TaskAction,
    allowed_task_actions,
    may_create_tasks,
    may_perform,
)
from ..selectors import tasks as task_selectors
from ..services import tasks as task_services
from ..working_days import holidays_between

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
            can_create=may_create_tasks(user),
            can_reorganise=may_create_tasks(user)
            and user.has_perm("indices.add_reorganisation"),
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
        filters = _filters(form)
        tasks = task_selectors.task_list_for_user(request.user, filters=filters)
        columns = [
            Column(_("Task"), width=60),
            Column(_("Agency"), width=40),
            Column(_("Source"), width=22),
            Column(_("Directive"), width=18),
            Column(_("Start date"), kind="date", width=12),
            Column(_("Deadline"), kind="date", width=12),
            Column(_("Status"), width=22),
            Column(_("Overdue"), width=10),
            Column(_("Submitted late"), width=12),
            Column(_("Progress (%)"), kind="int", width=12),
            Column(_("Submitted at"), kind="datetime", width=18),
            Column(_("Verified at"), kind="datetime", width=18),
        ]
        yes = _("yes")
        rows = (
            [
                task.title,
                task.agency.name,
                task.get_source_display(),
                task.directive.number if task.directive_id else "",
                task.start_date,
                task.deadline,
                task.get_status_display(),
                yes if task.is_overdue else "",
                yes if task.is_submitted_late else "",
                task.progress_percent,
                task.submitted_at,
                task.verified_at,
            ]
            for task in tasks
        )
        today = timezone.localdate()
        sheet = Sheet(
            title=_("Remediation tasks"),
            heading=report_heading(
                _("REMEDIATION TASKS as of %(day)s") % {"day": short_date(today)},
                filters=applied_filters(form),
            ),
            columns=columns,
            rows=rows,
        )
        return xlsx_response(f"nhiem-vu-khac-phuc-{today:%Y%m%d}.xlsx", [sheet])


# --- One task ---------------------------------------------------------------------------------

FORM_CLASSES = {
    TaskAction.PROGRESS: TaskProgressForm,
    TaskAction.EVIDENCE: EvidenceUploadForm,
    TaskAction.SUBMIT: TaskSubmitForm,
    TaskAction.VERIFY: TaskVerifyForm,
    TaskAction.RETURN: TaskReturnForm,
    TaskAction.DEADLINE: TaskDeadlineForm,
    TaskAction.REASSIGN: TaskReassignForm,
    TaskAction.CANCEL: TaskCancelForm,
}
_TASK_AWARE = (TaskAction.DEADLINE, TaskAction.REASSIGN)


def _make_form(action: TaskAction, task, data=None, files=None):
    cls = FORM_CLASSES[action]
    kwargs = {"task": task} if action in _TASK_AWARE else {}
    if data is None:
        initial = {"version": task.version}
        if action == TaskAction.PROGRESS:
            initial["percent"] = task.progress_percent
        if action == TaskAction.SUBMIT:
            initial["report"] = task.report
        return cls(initial=initial, **kwargs)
    return cls(data, files, **kwargs)


def render_task_page(request, task, *, bound: dict | None = None, status: int = 200):
    """The task page; `bound` replaces the blank form of one action (errors)."""
    actions = allowed_task_actions(request.user, task)
    forms = {action.value: _make_form(action, task) for action in actions}
    for action, form in (bound or {}).items():
        forms[action.value] = form
    evidence = list(task_selectors.task_evidence(task))
    today = timezone.localdate()
    context = {
        "task": task,
        "events": task_selectors.task_events(task),
        "evidence_files": evidence,
        "can_remove_evidence": TaskAction.EVIDENCE.value in forms,
        "forms": forms,
        "actions": {action.value for action in actions},
        "today": today,
        # Only work still owed needs a new owner.
        "agency_gone": task.status not in CLOSED_STATUSES
        and not task.agency.is_active_on(today),
        "submit_blocked": task.requires_evidence and not evidence,
        "days_off": holidays_between(task.start_date, task.deadline)
        if task.deadline_basis == DeadlineBasis.WORKING_DAYS
        else [],
    }
    return render(
        request, "inspections/remediationtask_detail.html", context, status=status
    )


class TaskDetailView(View):
    def get(self, request, task_id):
        task = task_selectors.task_get_for_user(request.user, task_id)
        return render_task_page(request, task)


class TaskActionView(View):
    """POST one workflow form of the task page.

    404 for a task the user cannot see, 403 for an action the user's role or
    agency does not allow. A form posted from a stale page is refused (409)
    and the page shown again with the current task and the user's input kept.
    """

    http_method_names = ["post"]
    action: TaskAction
    success_message: str = ""

    def perform(self, task, form, user) -> None:
        raise NotImplementedError

    def post(self, request, task_id):
        task = task_selectors.task_get_for_user(request.user, task_id)
        if not may_perform(request.user, task, self.action):
            raise PermissionDenied
        form = _make_form(self.action, task, request.POST, request.FILES)
        if form.is_valid():
            try:
                self.perform(task, form, request.user)
            except task_services.StaleTaskError as error:
                return self.stale(request, task_id, error)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, self.success_message)
                return redirect("inspections:task_detail", task_id=task.pk)
        return render_task_page(request, task, bound={self.action: form})

    def stale(self, request, task_id, error):
        current = task_selectors.task_get_for_user(request.user, task_id)
        data = request.POST.copy()
        data["version"] = current.version  # the user has now seen this state
        if self.action not in allowed_task_actions(request.user, current):
            messages.warning(request, error.messages[0])
            return render_task_page(request, current, status=409)
        form = _make_form(self.action, current, data, request.FILES)
        form.is_valid()
        form.add_error(None, error.messages)
        messages.warning(request, error.messages[0])
        return render_task_page(request, current, bound={self.action: form}, status=409)


class TaskProgressView(TaskActionView):
    action = TaskAction.PROGRESS

    def perform(self, task, form, user):
        task_services.task_progress_report(
            task=task,
            actor=user,
            expected_version=form.cleaned_data["version"],
            percent=form.cleaned_data["percent"],
            note=form.cleaned_data["note"],
        )
        self.success_message = _("Progress recorded.")


class TaskEvidenceUploadView(TaskActionView):
    action = TaskAction.EVIDENCE

    def perform(self, task, form, user):
        evidence = task_services.task_evidence_add(
            task=task,
            actor=user,
            upload=form.cleaned_data["file"],
            description=form.cleaned_data["description"],
        )
        self.success_message = _("“%(name)s” uploaded.") % {
            "name": evidence.original_name
        }


class TaskSubmitView(TaskActionView):
    action = TaskAction.SUBMIT

    def perform(self, task, form, user):
        task_services.task_submit(
            task=task,
            actor=user,
            expected_version=form.cleaned_data["version"],
            report=form.cleaned_data["report"],
        )
        self.success_message = _("Report submitted to Sở Nội vụ for verification.")


class TaskVerifyView(TaskActionView):
    action = TaskAction.VERIFY

    def perform(self, task, form, user):
        task_services.task_verify(
            task=task,
            actor=user,
            expected_version=form.cleaned_data["version"],
            note=form.cleaned_data["note"],
        )
        self.success_message = _("Task verified and closed.")


class TaskReturnView(TaskActionView):
    action = TaskAction.RETURN

    def perform(self, task, form, user):
        task_services.task_return(
            task=task,
            actor=user,
            expected_version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"],
        )
        self.success_message = _("Report returned to the agency.")


class TaskDeadlineView(TaskActionView):
    action = TaskAction.DEADLINE

    def perform(self, task, form, user):
        data = form.cleaned_data
        task_services.task_deadline_change(
            task=task,
            actor=user,
            expected_version=data["version"],
            new_deadline=data["resolved_deadline"],
            reason=data["reason"],
            granted_by_chair=data["granted_by_chair"],
            directive=data["directive"],
            directive_reference=data["directive_reference"],
        )
        self.success_message = _("Deadline changed.")


class TaskReassignView(TaskActionView):
    action = TaskAction.REASSIGN

    def perform(self, task, form, user):
        task_services.task_reassign(
            task=task,
            actor=user,
            expected_version=form.cleaned_data["version"],
            agency=form.cleaned_data["agency"],
            reason=form.cleaned_data["reason"],
        )
        self.success_message = _("Task reassigned.")


class TaskCancelView(TaskActionView):
    action = TaskAction.CANCEL

    def perform(self, task, form, user):
        task_services.task_cancel(
            task=task,
            actor=user,
            expected_version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"],
        )
        self.success_message = _("Task cancelled.")


class EvidenceDeleteView(View):
    """POST: remove an evidence file uploaded by mistake (before submission)."""

    def post(self, request, evidence_id):
        evidence = task_selectors.evidence_get_for_user(request.user, evidence_id)
        try:
            task = task_services.task_evidence_remove(
                evidence=evidence, actor=request.user
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(evidence.task.get_absolute_url() + "#task-evidence")
        messages.success(
            request, _("“%(name)s” was removed.") % {"name": evidence.original_name}
        )
        return redirect(task.get_absolute_url() + "#task-evidence")


class EvidenceDownloadView(View):
    def get(self, request, evidence_id):
        evidence = task_selectors.evidence_get_for_user(request.user, evidence_id)
        if not evidence.file or not evidence.file.storage.exists(evidence.file.name):
            raise Http404
        return private_file_response(
            evidence.file,
            download_name=evidence.original_name,
            content_type=evidence.content_type,
        )


# --- Creation ---------------------------------------------------------------------------------


class TaskFromFindingView(View):
    template_name = "inspections/remediationtask_from_finding.html"

    def _finding(self, request, finding_id):
        finding = task_selectors.finding_for_task_creation(request.user, finding_id)
        if not may_create_tasks(request.user):
            raise PermissionDenied
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
        if not may_create_tasks(request.user):
            raise PermissionDenied
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
        year = data.get("year") or Assessment.objects.aggregate(y=Max("year"))["y"]
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
