"""Context every page needs from the registry: the province, and the user's
role as the navbar and the home page show it. What a user may do is asked in
templates with `{% allowed %}` (indices.policies), not carried here."""

from django.conf import settings

from .roles import ROLE_LABELS, role_of


def role(request):
    user = request.user
    context = {"province_name": settings.CCHC_PROVINCE_NAME, "role_label": None}
    if user.is_authenticated:
        role = role_of(user)
        context["role_label"] = ROLE_LABELS.get(role) if role else None
    return context
