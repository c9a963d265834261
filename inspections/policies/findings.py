"""Who may record, change and delete the findings of an inspection.

Recording one is an action on its inspection (`InspectionAction.RECORD_FINDINGS`
in `policies.inspections`); changing and deleting need the finding
permissions and an agency the user acts for, while the inspection is
conducted or concluded.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from core.policies import rule
from indices.access import can_act_for_agency, holds

from ..models import Finding, Inspection
from .inspections import (
    InspectionAction,
    inspection_refusal,
    may_perform,
    require_inspection_action,
)


def may_add_finding(user, inspection: Inspection) -> bool:
    """Role and agency allow recording a finding (the status aside)."""
    return may_perform(user, inspection, InspectionAction.RECORD_FINDINGS)


def may_change_findings(user, inspection: Inspection) -> bool:
    """Whether the inspection page offers to edit its findings."""
    return holds(user, "inspections.change_finding") and may_perform(
        user, inspection, InspectionAction.UPDATE
    )


@rule("inspections.finding.change")
def may_change_finding(user, finding: Finding) -> bool:
    return holds(user, "inspections.change_finding") and can_act_for_agency(
        user, finding.inspection.agency_id
    )


@rule("inspections.finding.delete")
def may_delete_finding(user, finding: Finding) -> bool:
    return holds(user, "inspections.delete_finding") and can_act_for_agency(
        user, finding.inspection.agency_id
    )


def finding_delete_refusal(finding: Finding) -> str | None:
    """Why the finding cannot be deleted now, or None."""
    if finding.tasks.exists():
        return _(
            "This finding has remediation tasks; it cannot be deleted while they exist."
        )
    return None


def require_finding_record(user, inspection: Inspection) -> None:
    require_inspection_action(user, inspection, InspectionAction.RECORD_FINDINGS)


def require_finding_change(user, finding: Finding) -> None:
    if not may_change_finding(user, finding):
        raise PermissionDenied
    refusal = inspection_refusal(finding.inspection, InspectionAction.RECORD_FINDINGS)
    if refusal:
        raise ValidationError(refusal, code="status")


def require_finding_delete(user, finding: Finding) -> None:
    if not may_delete_finding(user, finding):
        raise PermissionDenied
    refusal = finding_delete_refusal(finding)
    if refusal:
        raise ValidationError(refusal, code="has_tasks")
