"""Who may see and change the yearly inspection plans.

- Sở Nội vụ staff and leadership (they see every agency) see every plan;
  only Sở Nội vụ staff (who act for every agency and hold the
  `inspections.*` permissions) change or approve one.
- Agency staff see no plan page: a plan lists other agencies.
"""

from __future__ import annotations

from core.policies import require, rule
from indices.access import acts_for_all_agencies, holds, sees_all_agencies


@rule("inspections.plan.view")
def may_view_plans(user) -> bool:
    return sees_all_agencies(user) and holds(user, "inspections.view_inspectionplan")


@rule("inspections.plan.manage")
def may_manage_plans(user) -> bool:
    """Create plans, edit them, their targets and their items."""
    return acts_for_all_agencies(user) and holds(
        user, "inspections.change_inspectionplan"
    )


@rule("inspections.plan.approve")
def may_approve_plans(user) -> bool:
    return acts_for_all_agencies(user) and holds(
        user, "inspections.approve_inspectionplan"
    )


def require_may_manage_plans(user) -> None:
    require(may_manage_plans(user))


def require_may_approve_plans(user) -> None:
    require(may_approve_plans(user))
