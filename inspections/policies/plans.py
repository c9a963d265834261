"""Who may do what with inspection plans, inspections and findings.

- Sở Nội vụ staff and leadership (they see every agency) see every plan,
  inspection and finding; only Sở Nội vụ staff (who act for every agency and
  hold the `inspections.*` permissions) change them.
- Agency staff see their own agency's inspections and findings, read-only,
  and no plan page: a plan lists other agencies.
"""

from __future__ import annotations

from core.policies import rule
from indices.access import (
    acts_for_all_agencies,
    can_act_for_agency,
    holds,
    sees_all_agencies,
)
from indices.policies import is_member

from ..models import Finding, Inspection


@rule("inspections.plan.view")
def can_view_plans(user) -> bool:
    return sees_all_agencies(user) and holds(user, "inspections.view_inspectionplan")


@rule("inspections.plan.manage")
def can_manage_plans(user) -> bool:
    """Create plans, edit them, their targets and their items."""
    return acts_for_all_agencies(user) and holds(
        user, "inspections.change_inspectionplan"
    )


def can_approve_plans(user) -> bool:
    return acts_for_all_agencies(user) and holds(
        user, "inspections.approve_inspectionplan"
    )


@rule("inspections.inspection.add")
def can_create_inspections(user) -> bool:
    """Record an ad hoc inspection (outside the plan)."""
    return acts_for_all_agencies(user) and holds(user, "inspections.add_inspection")


def can_change_inspection(user, inspection: Inspection) -> bool:
    return holds(user, "inspections.change_inspection") and can_act_for_agency(
        user, inspection.agency_id
    )


def can_delete_inspection(user, inspection: Inspection) -> bool:
    return holds(user, "inspections.delete_inspection") and can_act_for_agency(
        user, inspection.agency_id
    )


def can_add_finding(user, inspection: Inspection) -> bool:
    return holds(user, "inspections.add_finding") and can_act_for_agency(
        user, inspection.agency_id
    )


def can_change_finding(user, finding: Finding) -> bool:
    return holds(user, "inspections.change_finding") and can_act_for_agency(
        user, finding.inspection.agency_id
    )


def can_delete_finding(user, finding: Finding) -> bool:
    return holds(user, "inspections.delete_finding") and can_act_for_agency(
        user, finding.inspection.agency_id
    )


@rule("inspections.inspection.view_list")
def can_view_inspections(user) -> bool:
    return is_member(user) and holds(user, "inspections.view_inspection")
