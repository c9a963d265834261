"""Context every page needs from the registry: the province, and the user's
role as the navbar and the home page show it."""

from django.conf import settings

from .access import sees_all_agencies
from .roles import ROLE_LABELS, role_of


def role(request):
    user = request.user
    context = {"province_name": settings.CCHC_PROVINCE_NAME, "role_label": None}
    if user.is_authenticated:
        role = role_of(user)
        context["role_label"] = ROLE_LABELS.get(role) if role else None
        context["sees_all_agencies"] = sees_all_agencies(user)
    return context
