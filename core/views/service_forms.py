"""A form view whose valid form is handed to one service call."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpResponseRedirect
from django.views.generic import FormView

from core.forms.service_errors import add_service_errors


class ServiceFormView(FormView):
    """Subclasses implement `perform(form)` (one service call) and say where to
    go next; a ValidationError from the service re-renders the form with it."""

    success_message = ""

    def perform(self, form: Form):
        raise NotImplementedError

    def form_valid(self, form: Form):
        try:
            self.result = self.perform(form)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        if self.success_message:
            messages.success(self.request, str(self.success_message))
        return HttpResponseRedirect(self.get_success_url())
