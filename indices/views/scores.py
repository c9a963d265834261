"""Score entry and the per-node score import of Sở Nội vụ staff."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from core.views.guards import RuleRequiredMixin
from core.views.service_forms import ServiceFormView

from .. import selectors, services
from ..forms.scores import ScoreEntryForm, ScoresImportForm
from ..models import AssessmentSource
from ..services import ScoreEntry

# The token of the file this session staged (indices.services.staged_files).
SESSION_KEY = "indices_scores_import"


class ScoreEntryView(RuleRequiredMixin, ServiceFormView):
    required_rule = "indices.scores.enter"
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

    def perform(self, form):
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
            raise
        self.success_message = _(
            "Saved: %(count)s sub-criteria changed; results recomputed."
        ) % {"count": len(changed)}
        return changed

    def get_success_url(self):
        return reverse(
            "indices:score_entry", kwargs={"assessment_id": self.assessment.pk}
        )


class ScoresImportView(RuleRequiredMixin, ServiceFormView):
    """Step 1: upload. The file is kept in private storage until confirmed."""

    required_rule = "indices.scores.enter"
    template_name = "indices/scores_import.html"
    form_class = ScoresImportForm

    def perform(self, form):
        session = self.request.session
        token = services.index_scores_import_stage(
            file=form.cleaned_data["file"],
            year=form.cleaned_data["year"],
            actor=self.request.user,
        )
        services.index_scores_import_discard(
            token=session.get(SESSION_KEY), actor=self.request.user
        )
        session[SESSION_KEY] = token

    def get_success_url(self):
        return reverse("indices:scores_import_preview")


class ScoresImportPreviewView(RuleRequiredMixin, TemplateView):
    """Step 2: what the import will change; confirming saves it atomically."""

    required_rule = "indices.scores.enter"
    template_name = "indices/scores_import_preview.html"

    def get_context_data(self, **kwargs):
        staged = services.index_scores_import_staged(
            token=self.request.session.get(SESSION_KEY), actor=self.request.user
        )
        return super().get_context_data(
            stored=staged,
            plan=staged.plan if staged else None,
            errors=staged.errors if staged else [],
            **kwargs,
        )

    def post(self, request):
        token = request.session.get(SESSION_KEY)
        plan = None
        if "cancel" not in request.POST:
            try:
                plan = services.index_scores_import_confirm(
                    token=token, actor=request.user
                )
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
                return redirect("indices:scores_import_preview")
        services.index_scores_import_discard(token=token, actor=request.user)
        request.session.pop(SESSION_KEY, None)
        if plan is None:
            messages.info(request, _("The import was cancelled; nothing was saved."))
            return redirect("indices:scores_import")
        messages.success(
            request,
            _("Imported: %(changes)s node scores changed for %(agencies)s agencies.")
            % {"changes": plan.change_count, "agencies": len(plan.agencies)},
        )
        return redirect(f"{reverse('indices:ranking')}?year={plan.year}")
