"""Who may see and issue the chair's directives."""

from __future__ import annotations

from core.policies import require, rule
from indices.access import holds
from indices.policies import is_member

from .tasks import may_create_tasks


@rule("inspections.directive.view_list")
def may_view_directives(user) -> bool:
    return is_member(user) and holds(user, "inspections.view_directive")


@rule("inspections.directive.add")
def may_add_directive(user) -> bool:
    """Record a directive and assign its tasks (Sở Nội vụ)."""
    return may_create_tasks(user) and holds(user, "inspections.add_directive")


def require_may_add_directive(user) -> None:
    require(may_add_directive(user))


@rule("inspections.directive.assign")
def may_assign_directive_tasks(user, directive=None) -> bool:
    """Give a recorded directive more tasks."""
    return may_create_tasks(user)
