"""Shared view guards. Which agencies a user may act for is decided by
indices.access; these mixins only refuse what a role may not do at all."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.forms.utils import ErrorDict

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


def add_service_errors(form: Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on the named field when
    the form has it, otherwise above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for item in errors:
                form.add_error(target, item)
    else:
        form.add_error(None, error)
    if form._errors is None:  # pragma: no cover - add_error creates it
        form._errors = ErrorDict()
