"""Score entry and the per-node score import of Sở Nội vụ staff."""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from core import tabular
from core.forms.service_errors import add_service_errors

from .. import selectors, services
from ..forms.scores import ScoreEntryForm, ScoresImportForm
from ..models import AssessmentSource
from ..services import ScoreEntry
from ._access import SnvRequiredMixin

SESSION_KEY = "indices_scores_import"


class ScoreEntryView(SnvRequiredMixin, FormView):
    permission_required = "indices.change_nodescore"
    template_name = "indices/score_entry.html"

    def dispatch(self, request, *args, **kwargs):
        self.assessment, _view = selectors.assessment_get_for_user(
            request.user, kwargs["assessment_id"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, form_class=None):
        self.entry_rows = selectors.score_entry_rows(self.assessment)
        return ScoreEntryForm(
            **self.get_form_kwargs(),
            leaves=[row.node for row in self.entry_rows],
            initial_entries={
                row.node_id: ScoreEntry.of(row) for row in self.entry_rows
            },
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            assessment=self.assessment,
            is_totals_only=self.assessment.source == AssessmentSource.TOTALS,
            history=selectors.node_score_history(self.assessment),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            changed = services.assessment_scores_update(
                assessment=self.assessment,
                entries=form.entries(),
                actor=self.request.user,
                seen=form.seen(),
            )
        except ValidationError as error:
            if getattr(error, "code", None) == "stale":
                current = {
                    row.node_id: ScoreEntry.of(row)
                    for row in selectors.score_entry_rows(self.assessment)
                }
                form.show_colleague_changes(current, error.params["codes"])
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Saved: %(count)s sub-criteria changed; results recomputed.")
            % {"count": len(changed)},
        )
        return redirect(
            reverse("indices:score_entry", kwargs={"assessment_id": self.assessment.pk})
        )


def _forget_upload(session) -> None:
    stored = session.pop(SESSION_KEY, None)
    if stored and default_storage.exists(stored["path"]):
        default_storage.delete(stored["path"])


class ScoresImportView(SnvRequiredMixin, FormView):
    """Step 1: upload. The file is kept in private storage until confirmed."""

    permission_required = "indices.change_nodescore"
    template_name = "indices/scores_import.html"
    form_class = ScoresImportForm

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        if upload.size > tabular.MAX_UPLOAD_BYTES:
            add_service_errors(
                form,
                tabular.file_error(
                    upload.name,
                    _("the file is larger than %(limit)s MB.")
                    % {"limit": tabular.MAX_UPLOAD_BYTES // (1024 * 1024)},
                ),
            )
            return self.form_invalid(form)
        data = upload.read()
        try:
            kind = tabular.detect_kind(data, upload.name)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        _forget_upload(self.request.session)
        path = default_storage.save(
            f"indices/imports/{uuid.uuid4().hex}.{kind}", ContentFile(data)
        )
        self.request.session[SESSION_KEY] = {
            "path": path,
            "filename": upload.name,
            "year": form.cleaned_data["year"],
        }
        return redirect("indices:scores_import_preview")


class ScoresImportPreviewView(SnvRequiredMixin, TemplateView):
    """Step 2: what the import will change; confirming saves it atomically."""

    permission_required = "indices.change_nodescore"
    template_name = "indices/scores_import_preview.html"

    def get_context_data(self, **kwargs):
        stored = self.request.session.get(SESSION_KEY)
        context = {"stored": stored, "plan": None, "errors": []}
        if stored and default_storage.exists(stored["path"]):
            with default_storage.open(stored["path"], "rb") as file:
                data = file.read()
            try:
                context["plan"] = services.index_scores_import_preview(
                    data=data, filename=stored["filename"], year=stored["year"]
                )
            except ValidationError as error:
                context["errors"] = error.messages
        else:
            context["stored"] = None
        return super().get_context_data(**context, **kwargs)

    def post(self, request):
        stored = request.session.get(SESSION_KEY)
        if (
            "cancel" in request.POST
            or not stored
            or not default_storage.exists(stored["path"])
        ):
            _forget_upload(request.session)
            messages.info(request, _("The import was cancelled; nothing was saved."))
            return redirect("indices:scores_import")
        with default_storage.open(stored["path"], "rb") as file:
            data = file.read()
        try:
            plan = services.index_scores_import(
                data=data,
                filename=stored["filename"],
                year=stored["year"],
                actor=request.user,
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("indices:scores_import_preview")
        _forget_upload(request.session)
        messages.success(
            request,
            _("Imported: %(changes)s node scores changed for %(agencies)s agencies.")
            % {"changes": plan.change_count, "agencies": len(plan.agencies)},
        )
        return redirect(f"{reverse('indices:ranking')}?year={plan.year}")
