"""Assessments and node scores: inputs through the scoring service (results
recomputed and stored), computed results read-only, import and export in the
per-node file format."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from import_export import fields
from import_export.admin import ExportMixin

from core.admin.base import CchcHistoryAdmin, ServiceInlineMixin, refusals
from core.admin.files import FileTransferMixin, SafeExportResource
from core.forms.service_errors import add_service_errors

from .. import policies, services
from ..forms.scores import ScoresImportForm
from ..models import Assessment, AssessmentSource, NodeScore
from ..services import ScoreEntry
from ..services.imports import SCORES_COLUMNS
from ..services.results_store import RESULT_FIELDS
from ..services.score_entry import INPUT_FIELDS
from .permissions import PolicyPermissionsMixin


def score_entry(form, node_score: NodeScore) -> ScoreEntry:
    """The inputs of a score form, unchanged values taken from the row."""
    data = form.cleaned_data
    return ScoreEntry(
        **{name: data.get(name, getattr(node_score, name)) for name in INPUT_FIELDS}
    )


def scores_save(*, assessment_id: int, forms_by_row, actor) -> None:
    """Save changed score forms ({NodeScore: form}) through the scoring service."""
    assessment = Assessment.objects.select_related("framework").get(pk=assessment_id)
    services.assessment_scores_update(
        assessment=assessment,
        entries={row.node_id: score_entry(form, row) for row, form in forms_by_row},
        actor=actor,
        reason=_("Changed in the administration site"),
    )


class NodeScoreInline(PolicyPermissionsMixin, ServiceInlineMixin, admin.TabularInline):
    """Scores of the scored (leaf) nodes; totals and sub-indices are recomputed
    by the service when one changes."""

    model = NodeScore
    change_policy = staticmethod(policies.may_enter_scores)
    fields = [
        "node",
        "self_score",
        "appraised_score",
        "survey_score",
        "not_applicable",
        "appraiser_note",
        *RESULT_FIELDS,
    ]
    readonly_fields = ["node", *RESULT_FIELDS]
    ordering = ["node__order"]
    extra = 0
    max_num = 0
    can_delete = False
    verbose_name_plural = gettext_lazy("Scores of the sub-criteria")
    formfield_overrides = {
        # Short notes in a table row.
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 1, "cols": 30})},
    }

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(node__is_leaf=True)
            # Each row is also titled with its name: assessment (agency) and node.
            .select_related("assessment__agency", "node")
        )

    def save_formset_through_services(
        self, request, assessment, *, formset, new, changed, deleted
    ):
        if changed:
            scores_save(
                assessment_id=assessment.pk,
                forms_by_row=[(form.instance, form) for form in changed],
                actor=request.user,
            )


@admin.register(Assessment)
class AssessmentAdmin(PolicyPermissionsMixin, CchcHistoryAdmin):
    add_policy = staticmethod(policies.may_open_assessments)
    change_policy = staticmethod(policies.may_manage_assessments)
    list_display = [
        "agency",
        "year",
        "percent",
        "rank",
        "band_label",
        "total_points",
        "applicable_max",
        "is_provisional",
        "source",
        "is_illustrative",
    ]
    list_filter = [
        "year",
        "framework__group",
        "band_label",
        "is_provisional",
        "source",
        "is_illustrative",
    ]
    list_select_related = ["agency", "framework"]
    search_fields = ["agency__name", "agency__short_name", "agency__code"]
    autocomplete_fields = ["framework", "agency"]
    ordering = ["-year", "framework__group", "rank"]
    inlines = [NodeScoreInline]
    actions = ["recompute"]
    computed = [
        "year",
        "source",
        "total_points",
        "applicable_max",
        "percent",
        "self_total",
        "self_percent",
        "is_provisional",
        "rank",
        "band_label",
        "created_at",
        "updated_at",
    ]

    def get_fields(self, request, obj=None):
        editable = ["framework", "agency", "is_illustrative", "note"]
        return editable if obj is None else [*editable, *self.computed]

    def get_readonly_fields(self, request, obj=None):
        # Framework, agency and year identify the assessment.
        return [] if obj is None else ["framework", "agency", *self.computed]

    def get_queryset(self, request):
        # Named after the agency, in autocomplete results too.
        return super().get_queryset(request).select_related("agency", "framework")

    def get_inline_instances(self, request, obj=None):
        # Score rows exist once the assessment is opened.
        return super().get_inline_instances(request, obj) if obj else []

    def has_delete_permission(self, request, obj=None):
        # Scores are corrected, never deleted (ranks and tasks depend on them).
        return False

    def view_on_site(self, obj):
        return obj.get_absolute_url()

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        with refusals():
            if change:
                saved = services.assessment_update(
                    assessment=Assessment.objects.get(pk=obj.pk),
                    note=data["note"],
                    is_illustrative=data["is_illustrative"],
                    actor=request.user,
                )
            else:
                saved = services.assessment_open(
                    framework=data["framework"],
                    agency=data["agency"],
                    is_illustrative=data["is_illustrative"],
                    note=data["note"],
                    actor=request.user,
                )
                saved.framework = data["framework"]
                services.assessment_recompute(assessment=saved, actor=request.user)
        obj.pk = saved.pk
        obj._state.adding = False

    @admin.action(
        description=gettext_lazy("Recompute the selected assessments"),
        permissions=["change"],
    )
    def recompute(self, request, queryset):
        assessments = list(queryset.select_related("framework"))
        for assessment in assessments:
            services.assessment_recompute(assessment=assessment, actor=request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d assessment was recomputed.",
                "%(count)d assessments were recomputed.",
                len(assessments),
            )
            % {"count": len(assessments)},
            messages.SUCCESS,
        )


class NodeScoreResource(SafeExportResource):
    """Scores of leaves in the per-node import format
    (see indices.services.imports); the year is chosen when importing."""

    agency = fields.Field(attribute="assessment__agency__name", column_name="agency")
    code = fields.Field(attribute="node__code", column_name="code")
    note = fields.Field(attribute="appraiser_note", column_name="note")

    class Meta:
        model = NodeScore
        fields = [*SCORES_COLUMNS, "explanation"]
        export_order = [*SCORES_COLUMNS, "explanation"]

    def filter_export(self, queryset, **kwargs):
        return queryset.filter(
            node__is_leaf=True, assessment__source=AssessmentSource.NODE_SCORES
        ).select_related("assessment__agency", "node")


# The token of the file this session staged (indices.services.staged_files).
IMPORT_SESSION_KEY = "indices_admin_scores_import"


@admin.register(NodeScore)
class NodeScoreAdmin(
    PolicyPermissionsMixin, FileTransferMixin, ExportMixin, CchcHistoryAdmin
):
    change_policy = staticmethod(policies.may_enter_scores)
    resource_classes = [NodeScoreResource]
    import_export_change_list_template = "admin/indices/nodescore/change_list.html"
    list_display = [
        "node_code",
        "node_name",
        "agency",
        "year",
        "self_score",
        "appraised_score",
        "survey_score",
        "not_applicable",
        "points",
        "percent",
        "is_low",
    ]
    list_filter = [
        "assessment__year",
        "assessment__framework__group",
        "node__level",
        "node__method",
        "is_low",
        "not_applicable",
    ]
    list_select_related = ["assessment__agency", "node"]
    search_fields = ["assessment__agency__name", "node__code", "node__name"]
    ordering = ["-assessment__year", "assessment__agency__name", "node__order"]
    fields = ["assessment", "node", *INPUT_FIELDS, *RESULT_FIELDS]

    @admin.display(description=gettext_lazy("code"), ordering="node__order")
    def node_code(self, obj):
        return obj.node.code

    @admin.display(description=gettext_lazy("framework node"))
    def node_name(self, obj):
        return obj.node.name

    @admin.display(
        description=gettext_lazy("agency"), ordering="assessment__agency__name"
    )
    def agency(self, obj):
        return obj.assessment.agency

    @admin.display(description=gettext_lazy("year"), ordering="assessment__year")
    def year(self, obj):
        return obj.assessment.year

    def get_readonly_fields(self, request, obj=None):
        readonly = ["assessment", "node", *RESULT_FIELDS]
        if obj is not None and not obj.node.is_leaf:
            # Fields and criteria are computed from their parts.
            readonly += INPUT_FIELDS
        return readonly

    def has_add_permission(self, request):
        # Score rows exist for every node once an assessment is opened.
        return False

    def has_import_permission(self, request):
        return self.has_change_permission(request)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            "has_import_permission": self.has_import_permission(request),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        original = NodeScore.objects.get(pk=obj.pk)
        with refusals():
            scores_save(
                assessment_id=obj.assessment_id,
                forms_by_row=[(original, form)],
                actor=request.user,
            )

    # Import of a per-node scores file: check and preview, then confirm.

    def get_urls(self):
        return [
            path(
                "import-file/",
                self.admin_site.admin_view(self.import_file_view),
                name="indices_nodescore_import_file",
            ),
            *super().get_urls(),
        ]

    def import_file_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        if request.method == "POST" and request.POST.get("step") == "confirm":
            return self._import_confirmed(request)
        form = ScoresImportForm(request.POST or None, request.FILES or None)
        plan = None
        if request.method == "POST" and form.is_valid():
            plan = self._stage_and_preview(request, form)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import scores from a file"),
            "form": form,
            "plan": plan,
            "preview_first": True,
            "opts": self.opts,
            "columns": [*SCORES_COLUMNS, "explanation"],
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/indices/import_file.html", context)

    def _stage_and_preview(self, request, form):
        """The plan of a good file, kept for confirmation; a bad file's
        problems go on the form and the file is not kept."""
        self._forget_upload(request)
        try:
            token = services.index_scores_import_stage(
                file=form.cleaned_data["file"],
                year=form.cleaned_data["year"],
                actor=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return None
        staged = services.index_scores_import_staged(token=token, actor=request.user)
        if staged.error is not None:
            services.index_scores_import_discard(token=token, actor=request.user)
            add_service_errors(form, staged.error)
            return None
        request.session[IMPORT_SESSION_KEY] = token
        return staged.plan

    def _import_confirmed(self, request):
        back = redirect("admin:indices_nodescore_import_file")
        token = request.session.get(IMPORT_SESSION_KEY)
        plan = None
        if "cancel" not in request.POST:
            try:
                plan = services.index_scores_import_confirm(
                    token=token, actor=request.user
                )
            except ValidationError as error:
                self._forget_upload(request)
                for message in error.messages:
                    self.message_user(request, message, messages.ERROR)
                return back
        self._forget_upload(request)
        if plan is None:
            self.message_user(
                request, _("The import was cancelled; nothing was saved.")
            )
            return back
        self.message_user(
            request,
            _("Imported: %(changes)s node scores changed for %(agencies)s agencies.")
            % {"changes": plan.change_count, "agencies": len(plan.agencies)},
            messages.SUCCESS,
        )
        return redirect(
            f"{reverse('admin:indices_assessment_changelist')}?year={plan.year}"
        )

    def _forget_upload(self, request) -> None:
        services.index_scores_import_discard(
            token=request.session.pop(IMPORT_SESSION_KEY, None), actor=request.user
        )
