"""Findings (tồn tại, hạn chế) recorded by an inspection. Who may record,
change or delete one: `inspections.policies.findings`."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.history import record_actor
from indices.models import FrameworkNode

from ..models import Finding, Inspection
from ..policies.findings import (
    finding_delete_refusal,
    require_finding_change,
    require_finding_delete,
    require_finding_record,
)
from ..selectors.plans import finding_framework

# Kept importable from here for callers of the former location.
__all__ = [
    "finding_create",
    "finding_delete",
    "finding_delete_refusal",
    "finding_update",
]


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


@transaction.atomic
def finding_create(
    *,
    inspection: Inspection,
    actor,
    description: str,
    severity: str,
    recommendation: str = "",
    node: FrameworkNode | None = None,
) -> Finding:
    """Record a shortcoming of a conducted or concluded inspection, optionally
    linked to a field, criterion or sub-criterion of the agency's framework."""
    require_finding_record(actor, inspection)
    _check_node(inspection, node)
    finding = Finding(
        inspection=inspection,
        description=description,
        severity=severity,
        recommendation=recommendation,
        node=node,
    )
    finding.full_clean()
    record_actor(finding, actor)
    finding.save()
    return finding


@transaction.atomic
def finding_update(
    *,
    finding: Finding,
    actor,
    description: str,
    severity: str,
    recommendation: str = "",
    node: FrameworkNode | None = None,
) -> Finding:
    require_finding_change(actor, finding)
    _check_node(finding.inspection, node)
    finding.description = description
    finding.severity = severity
    finding.recommendation = recommendation
    finding.node = node
    finding.full_clean()
    record_actor(finding, actor)
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


@transaction.atomic
def finding_delete(*, finding: Finding, actor) -> None:
    """Delete a finding recorded by mistake; refused once tasks depend on it."""
    require_finding_delete(actor, finding)
    record_actor(finding, actor)
    finding.delete()
