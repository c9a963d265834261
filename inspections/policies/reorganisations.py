"""Who may reorganise agencies, as far as their remediation tasks go."""

from __future__ import annotations

from core.policies import require, rule
from indices.access import sees_all_agencies
from indices.policies import may_reorganise

from .tasks import may_create_tasks


@rule("inspections.reorganisation.add")
def may_reorganise_agencies(user) -> bool:
    """Record a merger, split, rename or dissolution and move the open tasks:
    Sở Nội vụ staff who may both reorganise the registry and assign tasks."""
    return may_reorganise(user) and may_create_tasks(user)


def require_may_reorganise_agencies(user) -> None:
    require(may_reorganise_agencies(user))


def may_view_reorganisation_tasks(user) -> bool:
    """The tasks a reorganisation moved or left (every agency's)."""
    return sees_all_agencies(user)
