"""The "Deadline calendar" page and the private iCalendar feed it gives out."""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponseRedirect, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import TemplateView

from ..deadline_calendar import AllDayEvent, calendar_chunks
from ..models import CLOSED_STATUSES, RemediationTask, TaskStatus
from ..selectors.notifications import (
    calendar_feed_by_token,
    calendar_feed_for_user,
    calendar_tasks_for_user,
)
from ..services.calendar_feeds import (
    calendar_feed_mark_used,
    calendar_feed_regenerate,
    calendar_feed_revoke,
)

# Closed tasks stay on the calendar for this long after their deadline.
HISTORY_DAYS = 90


def feed_url(token: str) -> str:
    path = reverse("inspections:calendar_feed_ics", kwargs={"token": token})
    return f"{settings.SITE_BASE_URL}{path}"


class CalendarFeedView(TemplateView):
    template_name = "inspections/calendar_feed.html"

    def get_context_data(self, **kwargs):
        feed = calendar_feed_for_user(self.request.user)
        return super().get_context_data(
            feed=feed, feed_url=feed_url(feed.token) if feed else "", **kwargs
        )


@require_POST
def calendar_feed_regenerate_view(request):
    had_one = calendar_feed_for_user(request.user) is not None
    calendar_feed_regenerate(user=request.user)
    messages.success(
        request,
        _("A new calendar address was created; the old one no longer works.")
        if had_one
        else _("Your calendar address was created."),
    )
    return HttpResponseRedirect(reverse("inspections:calendar_feed"))


@require_POST
def calendar_feed_revoke_view(request):
    if calendar_feed_revoke(user=request.user):
        messages.success(request, _("The calendar address was revoked."))
    return HttpResponseRedirect(reverse("inspections:calendar_feed"))


def _event(task: RemediationTask, today: datetime.date, host: str) -> AllDayEvent:
    agency = task.agency.short_name or task.agency.name
    if task.is_overdue_on(today):
        summary = _("[Overdue] %(title)s – %(agency)s")
    elif task.status == TaskStatus.VERIFIED:
        summary = _("[Done] %(title)s – %(agency)s")
    else:
        summary = _("Deadline: %(title)s – %(agency)s")
    details = [
        _("Responsible agency: %(agency)s") % {"agency": task.agency.name},
        _("Status: %(status)s") % {"status": task.get_status_display()},
        _("Source: %(source)s") % {"source": task.get_source_display()},
    ]
    if task.directive_id:
        details.append(_("Directive: %(number)s") % {"number": task.directive.number})
    path = reverse("inspections:task_detail", kwargs={"task_id": task.pk})
    return AllDayEvent(
        uid=f"remediation-task-{task.pk}@{host}",
        day=task.deadline,
        summary=summary % {"title": task.title, "agency": agency},
        description="\n".join(details),
        url=f"{settings.SITE_BASE_URL}{path}",
        stamp=task.updated_at,
        alarm=task.status not in CLOSED_STATUSES,
    )


@login_not_required
@require_GET
def calendar_feed_ics(request, token: str):
    """The feed itself: anyone with the token reads it, so no login; an
    unknown or revoked token answers 404."""
    feed = calendar_feed_by_token(token)
    if feed is None:
        raise Http404
    calendar_feed_mark_used(feed=feed)
    today = timezone.localdate()
    host = urlsplit(settings.SITE_BASE_URL).hostname or "cchc"
    tasks = calendar_tasks_for_user(
        feed.user, since=today - datetime.timedelta(days=HISTORY_DAYS)
    )

    def body():
        # Streamed: a Sở Nội vụ user's feed holds every agency's tasks.
        with translation.override(settings.LANGUAGE_CODE):
            name = _("CCHC deadlines – %(user)s") % {"user": feed.user}
            yield from calendar_chunks(
                name=name,
                timezone_name=settings.TIME_ZONE,
                events=(_event(t, today, host) for t in tasks.iterator(chunk_size=500)),
            )

    response = StreamingHttpResponse(
        body(), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="cchc-deadlines.ics"'
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response
