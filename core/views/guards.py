"""A view guard that asks the app's policy module (core.policies)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from ..policies import allowed


class RuleRequiredMixin:
    """Refuse the page (403) unless the rule named `required_rule` allows the
    user. For object-level answers, views load the object and ask the policy
    function themselves."""

    required_rule: str = ""

    def dispatch(self, request, *args, **kwargs):
        if not (self.required_rule and allowed(self.required_rule, request.user)):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
