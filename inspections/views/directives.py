"""Pages of the chair's directives: list, creation with assignments, detail
with its tasks' statuses, more assignments, and the document download."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from core.forms.service_errors import add_service_errors
from core.policies import require
from core.uploads import private_file_response

from ..forms.directives import DirectiveAssignmentFormSet, DirectiveForm
from ..policies.directives import may_add_directive, may_assign_directive_tasks
from ..selectors import directives as directive_selectors
from ..selectors.tasks import TaskFilters, task_counts_for_user
from ..services import directives as directive_services


def _assignments(formset) -> list[directive_services.DirectiveAssignment]:
    return [
        directive_services.DirectiveAssignment(
            agency=form.cleaned_data["agency"],
            title=form.cleaned_data["title"],
            requires_evidence=not form.cleaned_data["report_only"],
            **form.deadline_values(),
        )
        for form in formset.forms
        if form.has_changed() and form.cleaned_data
    ]


class DirectiveListView(ListView):
    template_name = "inspections/directive_list.html"
    context_object_name = "directives"
    paginate_by = 30

    def get_queryset(self):
        year = self.request.GET.get("year", "")
        return directive_selectors.directive_list_for_user(
            self.request.user,
            search=self.request.GET.get("q", "").strip(),
            year=int(year) if year.isdigit() and len(year) == 4 else None,
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            search=self.request.GET.get("q", ""),
            selected_year=self.request.GET.get("year", ""),
            **kwargs,
        )


class DirectiveCreateView(View):
    template_name = "inspections/directive_form.html"

    def dispatch(self, request, *args, **kwargs):
        require(may_add_directive(request.user))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return render(
            request,
            self.template_name,
            {"form": DirectiveForm(), "formset": DirectiveAssignmentFormSet()},
        )

    def post(self, request):
        form = DirectiveForm(request.POST, request.FILES)
        issued_on = form.cleaned_data.get("issued_on") if form.is_valid() else None
        formset = DirectiveAssignmentFormSet(
            request.POST, form_kwargs={"start_date": issued_on}
        )
        if form.is_valid() and formset.is_valid():
            data = form.cleaned_data
            try:
                directive = directive_services.directive_create(
                    number=data["number"],
                    issued_on=data["issued_on"],
                    signer=data["signer"],
                    summary=data["summary"],
                    file=data.get("file"),
                    assignments=_assignments(formset),
                    actor=request.user,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Directive %(number)s recorded with its tasks.")
                    % {"number": directive.number},
                )
                return redirect(directive)
        return render(request, self.template_name, {"form": form, "formset": formset})


class DirectiveDetailView(View):
    def get(self, request, directive_id):
        directive = directive_selectors.directive_get_for_user(
            request.user, directive_id
        )
        tasks = directive_selectors.directive_tasks_for_user(request.user, directive)
        counts = task_counts_for_user(
            request.user, filters=TaskFilters(directive_id=directive.pk)
        )
        return render(
            request,
            "inspections/directive_detail.html",
            {
                "directive": directive,
                "tasks": tasks,
                "counts": counts,
            },
        )


class DirectiveAssignView(View):
    """Add more assignments to a recorded directive."""

    template_name = "inspections/directive_assign.html"

    def _directive(self, request, directive_id):
        directive = directive_selectors.directive_get_for_user(
            request.user, directive_id
        )
        require(may_assign_directive_tasks(request.user, directive))
        return directive

    def get(self, request, directive_id):
        directive = self._directive(request, directive_id)
        formset = DirectiveAssignmentFormSet(
            form_kwargs={"start_date": directive.issued_on}
        )
        return render(
            request, self.template_name, {"directive": directive, "formset": formset}
        )

    def post(self, request, directive_id):
        directive = self._directive(request, directive_id)
        formset = DirectiveAssignmentFormSet(
            request.POST, form_kwargs={"start_date": directive.issued_on}
        )
        errors = []
        if formset.is_valid():
            try:
                with transaction.atomic():
                    tasks = directive_services.directive_tasks_assign(
                        directive=directive,
                        assignments=_assignments(formset),
                        actor=request.user,
                    )
            except ValidationError as error:
                errors = error.messages
            else:
                messages.success(
                    request,
                    _("%(count)s tasks assigned.") % {"count": len(tasks)},
                )
                return redirect(directive)
        return render(
            request,
            self.template_name,
            {"directive": directive, "formset": formset, "errors": errors},
        )


class DirectiveFileView(View):
    def get(self, request, directive_id):
        directive = directive_selectors.directive_get_for_user(
            request.user, directive_id
        )
        if not directive.file or not directive.file.storage.exists(directive.file.name):
            raise Http404
        extension = directive.file.name.rsplit(".", 1)[-1]
        name = slugify(directive.number.replace("/", "-")) or "van-ban"
        return private_file_response(
            directive.file, download_name=f"{name}.{extension}"
        )
