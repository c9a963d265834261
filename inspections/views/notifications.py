"""The user's notifications: list and mark as read (one or all)."""

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import ListView

from ..models import Notification
from ..selectors.notifications import notification_list_for_user
from ..services.notifications import notification_mark_all_read, notification_mark_read


class NotificationListView(ListView):
    template_name = "inspections/notification_list.html"
    context_object_name = "notifications"
    paginate_by = 25

    def get_queryset(self):
        return notification_list_for_user(self.request.user)


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@require_POST
def notification_read(request, notification_id: int):
    try:
        notification_mark_read(user=request.user, notification_id=notification_id)
    except Notification.DoesNotExist:
        raise Http404
    return HttpResponseRedirect(
        _safe_next(request, reverse("inspections:notification_list"))
    )


@require_POST
def notification_read_all(request):
    count = notification_mark_all_read(user=request.user)
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return HttpResponseRedirect(reverse("inspections:notification_list"))
