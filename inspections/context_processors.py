"""Context every page needs from inspections: the bell's unread count."""

from django.urls import reverse


def notifications(request):
    """The bell's unread count (one query) for signed-in users."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from .selectors.notifications import notification_unread_count

    return {
        "notification_unread": notification_unread_count(user),
        "notification_url": reverse("inspections:notification_list"),
    }
