"""A task's page and its workflow: one row per action (form, service call,
success message; the policy action is the row's key), served by one view,
and the evidence files (download, removal).

404 for a task the user cannot see, 403 for an action the user's role or
agency does not allow (`inspections.policies.tasks`). A form posted from a
stale page is refused (409) and the page shown again with the current task
and the user's input kept.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from core.forms.service_errors import add_service_errors
from core.policies import require
from core.uploads import private_file_response

from ..forms.tasks import (
    EvidenceUploadForm,
    TaskCancelForm,
    TaskDeadlineForm,
    TaskProgressForm,
    TaskReassignForm,
    TaskReturnForm,
    TaskSubmitForm,
    TaskVerifyForm,
)
from ..models import CLOSED_STATUSES, DeadlineBasis, RemediationTask
from ..policies.tasks import TaskAction, allowed_task_actions, may_perform
from ..selectors import tasks as task_selectors
from ..services import tasks as task_services
from ..working_days import holidays_between


@dataclass(frozen=True)
class TaskOperation:
    """One workflow action of the task page."""

    form_class: type[forms.Form]
    # service(task=…, actor=…, **arguments(cleaned_data)): one service call.
    service: Callable[..., object]
    arguments: Callable[[dict], dict]
    # message(result): what the user is told once it is done.
    message: Callable[[object], str]
    # The form needs the task (choices, limits depend on it).
    task_aware: bool = False
    # initial(task): values of the blank form besides the version.
    initial: Callable[[RemediationTask], dict] = field(default=lambda task: {})


def _versioned(**names: str) -> Callable[[dict], dict]:
    """Arguments: the version the form was rendered with, and each service
    argument taken from a form field (`argument="field"`)."""
    return lambda data: {
        "expected_version": data["version"],
        **{argument: data[name] for argument, name in names.items()},
    }


OPERATIONS: dict[TaskAction, TaskOperation] = {
    TaskAction.PROGRESS: TaskOperation(
        TaskProgressForm,
        task_services.task_progress_report,
        _versioned(percent="percent", note="note"),
        lambda result: _("Progress recorded."),
        initial=lambda task: {"percent": task.progress_percent},
    ),
    TaskAction.EVIDENCE: TaskOperation(
        EvidenceUploadForm,
        task_services.task_evidence_add,
        # Adding a file overwrites nothing: accepted whatever the page showed.
        lambda data: {"upload": data["file"], "description": data["description"]},
        lambda evidence: _("“%(name)s” uploaded.") % {"name": evidence.original_name},
    ),
    TaskAction.SUBMIT: TaskOperation(
        TaskSubmitForm,
        task_services.task_submit,
        _versioned(report="report"),
        lambda result: _("Report submitted to Sở Nội vụ for verification."),
        initial=lambda task: {"report": task.report},
    ),
    TaskAction.VERIFY: TaskOperation(
        TaskVerifyForm,
        task_services.task_verify,
        _versioned(note="note"),
        lambda result: _("Task verified and closed."),
    ),
    TaskAction.RETURN: TaskOperation(
        TaskReturnForm,
        task_services.task_return,
        _versioned(reason="reason"),
        lambda result: _("Report returned to the agency."),
    ),
    TaskAction.DEADLINE: TaskOperation(
        TaskDeadlineForm,
        task_services.task_deadline_change,
        _versioned(
            new_deadline="resolved_deadline",
            reason="reason",
            granted_by_chair="granted_by_chair",
            directive="directive",
            directive_reference="directive_reference",
        ),
        lambda result: _("Deadline changed."),
        task_aware=True,
    ),
    TaskAction.REASSIGN: TaskOperation(
        TaskReassignForm,
        task_services.task_reassign,
        _versioned(agency="agency", reason="reason"),
        lambda result: _("Task reassigned."),
        task_aware=True,
    ),
    TaskAction.CANCEL: TaskOperation(
        TaskCancelForm,
        task_services.task_cancel,
        _versioned(reason="reason"),
        lambda result: _("Task cancelled."),
    ),
}


def _make_form(action: TaskAction, task, data=None, files=None):
    operation = OPERATIONS[action]
    kwargs = {"task": task} if operation.task_aware else {}
    if data is None:
        initial = {"version": task.version, **operation.initial(task)}
        return operation.form_class(initial=initial, **kwargs)
    return operation.form_class(data, files, **kwargs)


def render_task_page(request, task, *, bound: dict | None = None, status: int = 200):
    """The task page; `bound` replaces the blank form of one action (errors)."""
    actions = allowed_task_actions(request.user, task)
    forms_ = {action.value: _make_form(action, task) for action in actions}
    for action, form in (bound or {}).items():
        forms_[action.value] = form
    evidence = list(task_selectors.task_evidence(task))
    today = timezone.localdate()
    context = {
        "task": task,
        "events": task_selectors.task_events(task),
        "evidence_files": evidence,
        "can_remove_evidence": TaskAction.EVIDENCE.value in forms_,
        "forms": forms_,
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
    """POST one workflow form of the task page: the action is given by the
    URL (`as_view(action=TaskAction.…)`), its row in OPERATIONS says how."""

    http_method_names = ["post"]
    action: TaskAction | None = None

    def post(self, request, task_id):
        task = task_selectors.task_get_for_user(request.user, task_id)
        require(may_perform(request.user, task, self.action))
        operation = OPERATIONS[self.action]
        form = _make_form(self.action, task, request.POST, request.FILES)
        if form.is_valid():
            try:
                result = operation.service(
                    task=task,
                    actor=request.user,
                    **operation.arguments(form.cleaned_data),
                )
            except task_services.StaleTaskError as error:
                return self.stale(request, task_id, error)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, operation.message(result))
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
