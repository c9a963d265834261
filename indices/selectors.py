"""Reads of agencies, frameworks and scores, narrowed to what the user may see."""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from .access import agencies_visible_to
from .models import Agency


def agency_list_for_user(
    user, *, search: str = "", group: str = "", active_on: datetime.date | None = None
) -> QuerySet[Agency]:
    """Agencies the user may see, optionally filtered by name/code, group and date."""
    agencies = agencies_visible_to(user)
    if search:
        agencies = agencies.filter(
            Q(name__icontains=search)
            | Q(short_name__icontains=search)
            | Q(code__icontains=search)
        )
    if group:
        agencies = agencies.filter(group=group)
    if active_on:
        agencies = agencies.active_on(active_on)
    return agencies.order_by("group", "name")


def agency_get_for_user(user, agency_id: int) -> Agency:
    """The agency, or 404 when it does not exist or the user may not see it."""
    return get_object_or_404(
        agencies_visible_to(user).select_related("snv_liaison"), pk=agency_id
    )


def agencies_active_in_year(year: int) -> QuerySet[Agency]:
    return Agency.objects.active_in_year(year)


def agencies_active_on(day: datetime.date) -> QuerySet[Agency]:
    return Agency.objects.active_on(day)
