"""Private calendar addresses: create, regenerate, revoke, note use.

A user acts on their own address; an administrator may revoke anyone's
(`inspections.policies.reminders.may_revoke_calendar_feed`)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from ..models import CalendarFeed
from ..models.notifications import new_calendar_token
from ..policies.reminders import require_may_revoke_calendar_feed


def calendar_feed_regenerate(*, user) -> CalendarFeed:
    """Give the user a calendar address with a new secret token.

    The previous address (if any) stops working at once.
    """
    with transaction.atomic():
        feed, created = CalendarFeed.objects.select_for_update().get_or_create(
            user=user
        )
        if not created:
            feed.token = new_calendar_token()
            feed.full_clean()
            feed.save(update_fields=["token"])
    return feed


def calendar_feed_revoke(*, user, actor=None) -> bool:
    """Delete the user's calendar address; return whether there was one.

    `actor` is who revokes it: the user themself unless given.
    """
    require_may_revoke_calendar_feed(actor or user, user)
    with transaction.atomic():
        deleted, _by_model = CalendarFeed.objects.filter(user=user).delete()
    return bool(deleted)


def calendar_feed_mark_used(*, feed: CalendarFeed) -> None:
    """Record when the feed was last read (at most once a minute)."""
    now = timezone.now()
    if feed.last_used_at and (now - feed.last_used_at).total_seconds() < 60:
        return
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=now)
