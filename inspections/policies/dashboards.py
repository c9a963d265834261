"""Who gets which home dashboard."""

from __future__ import annotations

from core.policies import require, rule
from indices.access import own_agency_id, sees_all_agencies


@rule("inspections.dashboard.oversight")
def may_view_oversight_dashboard(user) -> bool:
    """The province's picture (every agency): Sở Nội vụ staff and leadership."""
    return sees_all_agencies(user)


def require_oversight(user) -> None:
    """PermissionDenied unless the user sees every agency."""
    require(may_view_oversight_dashboard(user))


def may_view_agency_dashboard(user) -> bool:
    """Agency staff get their own agency's dashboard."""
    return not sees_all_agencies(user) and own_agency_id(user) is not None
