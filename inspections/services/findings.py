"""Findings (tồn tại, hạn chế) recorded by an inspection."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from indices.models import FrameworkNode

from ..models import Finding, Inspection
from ..selectors.plans import finding_framework
from .inspections import InspectionAction, inspection_refusal


def _check_node(inspection: Inspection, node: FrameworkNode | None) -> None:
    """The node must belong to the framework of the inspection's year for the
    agency's group."""
    if node is None:
        return
    framework = finding_framework(inspection)
    if framework is None:
        raise ValidationError(
            {
                "node": _(
                    "There is no %(year)s framework for this agency's group, so no "
                    "field or criterion can be linked."
                )
                % {"year": inspection.year}
            }
        )
    if node.framework_id != framework.pk:
        raise ValidationError(
            {
                "node": _(
                    "%(code)s is not a node of the %(framework)s framework that "
                    "applies to this inspection."
                )
                % {"code": node.code, "framework": framework}
            }
        )


def _refuse_unless_recordable(inspection: Inspection) -> None:
    refusal = inspection_refusal(inspection, InspectionAction.RECORD_FINDINGS)
    if refusal:
        raise ValidationError(refusal, code="status")


@transaction.atomic
def finding_create(
    *,
    inspection: Inspection,
    description: str,
    severity: str,
    recommendation: str = "",
    node: FrameworkNode | None = None,
) -> Finding:
    """Record a shortcoming of a conducted or concluded inspection, optionally
    linked to a field, criterion or sub-criterion of the agency's framework."""
    _refuse_unless_recordable(inspection)
    _check_node(inspection, node)
    finding = Finding(
        inspection=inspection,
        description=description,
        severity=severity,
        recommendation=recommendation,
        node=node,
    )
    finding.full_clean()
    finding.save()
    return finding


@transaction.atomic
def finding_update(
    *,
    finding: Finding,
    description: str,
    severity: str,
    recommendation: str = "",
    node: FrameworkNode | None = None,
) -> Finding:
    _refuse_unless_recordable(finding.inspection)
    _check_node(finding.inspection, node)
    finding.description = description
    finding.severity = severity
    finding.recommendation = recommendation
    finding.node = node
    finding.full_clean()
    finding.save(
        update_fields=[
            "description",
            "severity",
            "recommendation",
            "node",
            "updated_at",
        ]
    )
    return finding


def finding_delete_refusal(finding: Finding) -> str | None:
    if finding.tasks.exists():
        return _(
            "This finding has remediation tasks; it cannot be deleted while they exist."
        )
    return None


@transaction.atomic
def finding_delete(*, finding: Finding) -> None:
    """Delete a finding recorded by mistake; refused once tasks depend on it."""
    refusal = finding_delete_refusal(finding)
    if refusal:
        raise ValidationError(refusal, code="has_tasks")
    finding.delete()
