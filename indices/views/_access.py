"""Shared view guards. Which agencies a user may act for is decided by
indices.access; these mixins only refuse what a role may not do at all."""

from django.core.exceptions import PermissionDenied

from ..access import acts_for_all_agencies


class SnvRequiredMixin:
    """Pages for Sở Nội vụ staff (they act for every agency), optionally with a
    specific permission."""

    permission_required = ""

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not acts_for_all_agencies(user) or (
            self.permission_required and not user.has_perm(self.permission_required)
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
