"""The admin's add, change and delete rights on indices models, asked of
indices.policies: the admin offers a button exactly when the service behind it
would accept the user."""

from __future__ import annotations

from collections.abc import Callable

Policy = Callable[..., bool]


class PolicyPermissionsMixin:
    """Set `add_policy`, `change_policy` and `delete_policy` to policy
    functions (`may_…(user)` or `may_…(user, obj)`); None keeps Django's
    answer. Works for ModelAdmins and inlines (whose `obj` is the parent)."""

    add_policy: Policy | None = None
    change_policy: Policy | None = None
    delete_policy: Policy | None = None

    @staticmethod
    def _asks(policy: Policy, request, obj) -> bool:
        return policy(request.user) if obj is None else policy(request.user, obj)

    def has_add_permission(self, request, *args, **kwargs):
        if self.add_policy is None:
            return super().has_add_permission(request, *args, **kwargs)
        return self.add_policy(request.user)

    def has_change_permission(self, request, obj=None):
        if self.change_policy is None:
            return super().has_change_permission(request, obj)
        return self._asks(self.change_policy, request, obj)

    def has_delete_permission(self, request, obj=None):
        if self.delete_policy is None:
            return super().has_delete_permission(request, obj)
        return self._asks(self.delete_policy, request, obj)
