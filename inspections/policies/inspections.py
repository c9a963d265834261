"""Who may do what to an inspection record, now.

An action is allowed when the user holds the action's permissions, may act
for the inspected agency (`indices.access`), and the inspection's status
admits it. Sở Nội vụ staff and leadership see every inspection; agency staff
see their own agency's, read-only (`inspections.selectors.plans` narrows the
lists). Views use `allowed_inspection_actions` to show buttons and services
call `require_inspection_action` before writing.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from core.policies import require, rule
from indices.access import (
    acts_for_all_agencies,
    can_act_for_agency,
    holds,
    sees_all_agencies,
)
from indices.policies import is_member

from ..models import Inspection, InspectionStatus


class InspectionAction(enum.StrEnum):
    UPDATE = "update"
    CONDUCT = "conduct"
    CONCLUDE = "conclude"
    CANCEL = "cancel"
    DELETE = "delete"
    RECORD_FINDINGS = "record_findings"


@dataclass(frozen=True)
class _Rule:
    permissions: tuple[str, ...]
    statuses: frozenset[str]


_CHANGE = "inspections.change_inspection"
_DONE = frozenset({InspectionStatus.CONDUCTED, InspectionStatus.CONCLUDED})

RULES: dict[InspectionAction, _Rule] = {
    InspectionAction.UPDATE: _Rule(
        (_CHANGE,), frozenset({InspectionStatus.PLANNED, InspectionStatus.CONDUCTED})
    ),
    # Recording conduct again, or the conclusion again, corrects it.
    InspectionAction.CONDUCT: _Rule(
        (_CHANGE,), frozenset({InspectionStatus.PLANNED, InspectionStatus.CONDUCTED})
    ),
    InspectionAction.CONCLUDE: _Rule((_CHANGE,), _DONE),
    InspectionAction.CANCEL: _Rule((_CHANGE,), frozenset({InspectionStatus.PLANNED})),
    InspectionAction.DELETE: _Rule(
        (_CHANGE, "inspections.delete_inspection"),
        frozenset({InspectionStatus.PLANNED}),
    ),
    InspectionAction.RECORD_FINDINGS: _Rule(
        (_CHANGE, "inspections.add_finding"), _DONE
    ),
}


def _status_refusals() -> dict[InspectionAction, str]:
    return {
        InspectionAction.UPDATE: _(
            "A concluded or cancelled inspection can no longer be changed."
        ),
        InspectionAction.CONDUCT: _(
            "Only a planned inspection can be recorded as conducted; "
            "this one is %(status)s."
        ),
        InspectionAction.CONCLUDE: _(
            "Record the inspection as conducted before concluding it; "
            "this one is %(status)s."
        ),
        InspectionAction.CANCEL: _(
            "Only a planned inspection can be cancelled; this one is %(status)s."
        ),
        InspectionAction.DELETE: _(
            "Only a planned inspection can be removed; this one is %(status)s."
        ),
        InspectionAction.RECORD_FINDINGS: _(
            "Findings are recorded once the inspection has been conducted."
        ),
    }


def inspection_refusal(inspection: Inspection, action: InspectionAction) -> str | None:
    """Why `action` is not possible in the inspection's current state, or None."""
    if inspection.status not in RULES[action].statuses:
        return _status_refusals()[action] % {
            "status": inspection.get_status_display().lower()
        }
    if (
        action == InspectionAction.DELETE
        and inspection.plan_id
        and inspection.plan.is_approved
    ):
        return _(
            "An item of an approved plan cannot be removed; cancel it with a "
            "reason instead."
        )
    return None


def may_perform(user, inspection: Inspection, action: InspectionAction) -> bool:
    """The user's role and agency allow the action (the status aside)."""
    return all(
        holds(user, permission) for permission in RULES[action].permissions
    ) and can_act_for_agency(user, inspection.agency_id)


def allowed_inspection_actions(
    user, inspection: Inspection
) -> frozenset[InspectionAction]:
    """Actions the user may perform on the inspection now."""
    return frozenset(
        action
        for action in InspectionAction
        if may_perform(user, inspection, action)
        and not inspection_refusal(inspection, action)
    )


def require_inspection_action(
    user, inspection: Inspection, action: InspectionAction
) -> None:
    """PermissionDenied for a user who may not act; ValidationError (code
    "status") when the inspection's state does not admit the action."""
    if not may_perform(user, inspection, action):
        raise PermissionDenied
    refusal = inspection_refusal(inspection, action)
    if refusal:
        raise ValidationError(refusal, code="status")


@rule("inspections.inspection.view_list")
def may_view_inspections(user) -> bool:
    return is_member(user) and holds(user, "inspections.view_inspection")


@rule("inspections.inspection.add")
def may_create_inspections(user) -> bool:
    """Record an ad hoc inspection (outside the plan)."""
    return acts_for_all_agencies(user) and holds(user, "inspections.add_inspection")


def require_may_create_inspections(user) -> None:
    require(may_create_inspections(user))


def may_view_inspection_history(user) -> bool:
    """Who changed an inspection record when: for Sở Nội vụ and leadership."""
    return sees_all_agencies(user)


def sees_unannounced_inspections(user) -> bool:
    """An unannounced inspection is not announced to the agency beforehand:
    before it is conducted, only users who see every agency see it."""
    return sees_all_agencies(user)
