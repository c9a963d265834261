"""Recording an agency reorganisation, with a confirmation that says how many
open tasks will move, and the page listing what it did to the tasks."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from core.formatting import short_date
from core.forms.service_errors import add_service_errors
from core.policies import require
from indices.models import ReorganisationKind

from ..forms.reorganisations import ReorganisationForm
from ..policies.reorganisations import (
    may_reorganise_agencies,
    may_view_reorganisation_tasks,
)
from ..selectors import reorganisations as reorganisation_selectors
from ..services.reorganisations import agency_reorganise


class ReorganisationCreateView(View):
    template_name = "inspections/reorganisation_form.html"

    def dispatch(self, request, *args, **kwargs):
        require(may_reorganise_agencies(request.user))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return render(request, self.template_name, {"form": ReorganisationForm()})

    def post(self, request):
        form = ReorganisationForm(request.POST)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form})
        data = form.cleaned_data
        if "edit" in request.POST:
            return render(request, self.template_name, {"form": form})
        if request.POST.get("confirmed") != "1":
            # First post: show what will happen; the confirmation posts the
            # same values again with confirmed=1.
            preview = reorganisation_selectors.reorganisation_transfer_preview(
                kind=data["kind"],
                predecessors=data["predecessors"],
                successors=data["successors"],
            )
            return render(
                request,
                "inspections/reorganisation_confirm.html",
                {
                    "form": form,
                    "data": data,
                    "preview": preview,
                    "scheduled": data["effective_date"] > timezone.localdate(),
                    "kind_label": ReorganisationKind(data["kind"]).label,
                },
            )
        try:
            reorganisation, transfer = agency_reorganise(
                kind=data["kind"],
                effective_date=data["effective_date"],
                predecessors=data["predecessors"],
                successors=data["successors"],
                decision_reference=data["decision_reference"],
                note=data["note"],
                actor=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return render(request, self.template_name, {"form": form})
        if transfer.scheduled_for:
            message = _(
                "Reorganisation recorded. It takes effect on %(day)s: the open tasks "
                "move to the successor that day, until then the agencies keep them."
            ) % {"day": short_date(transfer.scheduled_for)}
        else:
            message = _(
                "Reorganisation recorded: %(moved)s open tasks moved, %(left)s wait "
                "for reassignment."
            ) % {"moved": len(transfer.moved), "left": len(transfer.to_reassign)}
        messages.success(request, message)
        return redirect(
            "inspections:reorganisation_tasks", reorganisation_id=reorganisation.pk
        )


class ReorganisationTasksView(View):
    """Tasks a reorganisation moved, and its predecessors' open tasks still
    waiting for manual reassignment (Sở Nội vụ and leadership)."""

    def get(self, request, reorganisation_id):
        require(may_view_reorganisation_tasks(request.user))
        reorganisation = reorganisation_selectors.reorganisation_get(reorganisation_id)
        return render(
            request,
            "inspections/reorganisation_tasks.html",
            {
                "reorganisation": reorganisation,
                "result": reorganisation_selectors.reorganisation_tasks(reorganisation),
            },
        )
