"""Who may do what to a remediation task: the one place that decides.

An action is allowed when the user has the action's Django permission, may act
for the task's agency (`indices.access`), and the task's status admits it.
Oversight actions (verify, return, deadline, reassign, cancel) additionally
need a user who acts for every agency: Sở Nội vụ staff, never an agency user
who happens to hold the permission. Views use `allowed_task_actions` to show
forms and services call `require_task_action` before writing.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from core.policies import rule
from indices.access import acts_for_all_agencies, can_act_for_agency, holds
from indices.policies import is_member

from ..models import RemediationTask, TaskStatus

_ACTIVE = (TaskStatus.OPEN, TaskStatus.IN_PROGRESS)
_NOT_CLOSED = (TaskStatus.OPEN, TaskStatus.IN_PROGRESS, TaskStatus.SUBMITTED)


@dataclass(frozen=True)
class _Rule:
    permission: str
    statuses: tuple[str, ...]
    oversight: bool


class TaskAction(enum.StrEnum):
    PROGRESS = "progress"
    EVIDENCE = "evidence"
    SUBMIT = "submit"
    VERIFY = "verify"
    RETURN = "return"
    DEADLINE = "deadline"
    REASSIGN = "reassign"
    CANCEL = "cancel"


RULES: dict[TaskAction, _Rule] = {
    TaskAction.PROGRESS: _Rule("inspections.report_remediationtask", _ACTIVE, False),
    TaskAction.EVIDENCE: _Rule("inspections.add_evidence", _ACTIVE, False),
    TaskAction.SUBMIT: _Rule("inspections.report_remediationtask", _ACTIVE, False),
    TaskAction.VERIFY: _Rule(
        "inspections.verify_remediationtask", (TaskStatus.SUBMITTED,), True
    ),
    TaskAction.RETURN: _Rule(
        "inspections.verify_remediationtask", (TaskStatus.SUBMITTED,), True
    ),
    TaskAction.DEADLINE: _Rule(
        "inspections.change_deadline_remediationtask", _NOT_CLOSED, True
    ),
    TaskAction.REASSIGN: _Rule("inspections.change_remediationtask", _NOT_CLOSED, True),
    TaskAction.CANCEL: _Rule("inspections.change_remediationtask", _NOT_CLOSED, True),
}


def may_perform(user, task: RemediationTask, action: TaskAction) -> bool:
    """The user's role and agency allow the action on this task (status aside)."""
    rule = RULES[action]
    if not holds(user, rule.permission):
        return False
    if rule.oversight:
        return acts_for_all_agencies(user)
    return can_act_for_agency(user, task.agency_id)


def allowed_task_actions(user, task: RemediationTask) -> frozenset[TaskAction]:
    """Actions the user may perform on the task now."""
    return frozenset(
        action
        for action, rule in RULES.items()
        if task.status in rule.statuses and may_perform(user, task, action)
    )


def require_task_action(user, task: RemediationTask, action: TaskAction) -> None:
    """Raise PermissionDenied for a user who may not act, ValidationError for a
    task whose status does not admit the action."""
    if not may_perform(user, task, action):
        raise PermissionDenied
    if task.status not in RULES[action].statuses:
        raise ValidationError(
            _("This task is “%(status)s”; that action is not possible any more.")
            % {"status": task.get_status_display()},
            code="status",
        )


@rule("inspections.task.view_list")
def may_view_tasks(user) -> bool:
    """The task board (all agencies) or the agency's own task list."""
    return is_member(user) and holds(user, "inspections.view_remediationtask")


@rule("inspections.task.add")
def may_create_tasks(user) -> bool:
    """Sở Nội vụ staff assign tasks (from findings, low scores and directives)."""
    return holds(user, "inspections.add_remediationtask") and acts_for_all_agencies(
        user
    )


def require_may_create_tasks(user) -> None:
    if not may_create_tasks(user):
        raise PermissionDenied


def may_verify_tasks(user) -> bool:
    """Verify submitted tasks in bulk (the admin's action); each task is still
    checked by `task_verify`."""
    rule = RULES[TaskAction.VERIFY]
    return holds(user, rule.permission) and acts_for_all_agencies(user)


def may_give_task_to(user, agency) -> bool:
    """A task may be reassigned only to an agency the user acts for (Sở Nội
    vụ staff: any)."""
    return can_act_for_agency(user, agency.pk)
