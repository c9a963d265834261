"""Yearly frameworks: settings, the node tree and bands (inlines), import from
a file, export of the nodes, publication of the results."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.admin.actions import BulkOperation, run_bulk_operation
from core.admin.base import (
    CchcHistoryAdmin,
    ServiceInlineMixin,
    refusals,
)
from core.forms.service_errors import add_service_errors

from .. import policies, services
from ..forms.frameworks import FrameworkImportForm, PublishForm
from ..models import Band, Framework, FrameworkNode
from ..services.framework_files import FRAMEWORK_COLUMNS, OPTIONAL_COLUMNS
from ..services.framework_structure import code_sort_key
from .permissions import PolicyPermissionsMixin


def framework_locked(request, framework: Framework | None) -> bool:
    """Whether scores fix the framework's structure (asked once per request)."""
    if framework is None or framework.pk is None:
        return False
    cache = request.__dict__.setdefault("_frameworks_locked", {})
    if framework.pk not in cache:
        cache[framework.pk] = services.framework_has_scores(framework)
    return cache[framework.pk]


# --- Inlines ------------------------------------------------------------------------


class NodeRowForm(forms.ModelForm):
    parent_code = forms.CharField(
        label=gettext_lazy("parent code"),
        max_length=20,
        required=False,
        help_text=gettext_lazy("Empty for a field."),
    )

    class Meta:
        model = FrameworkNode
        fields = ["code", "name", "max_points", "method"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.parent_id:
            self.initial["parent_code"] = self.instance.parent.code


class FrameworkNodeInline(
    PolicyPermissionsMixin, ServiceInlineMixin, admin.TabularInline
):
    """The tree, one row per node in tree order. Saved through the framework
    services, which keep order/level/is_leaf right and refuse structural
    changes once the framework has scores."""

    model = FrameworkNode
    add_policy = change_policy = delete_policy = staticmethod(
        policies.may_change_framework
    )
    form = NodeRowForm
    fields = ["code", "parent_code", "name", "max_points", "method", "level", "is_leaf"]
    readonly_fields = ["level", "is_leaf"]
    fixed_fields = ("code", "parent_code")
    ordering = ["order"]
    extra = 3
    show_change_link = True
    verbose_name_plural = gettext_lazy(
        "Framework nodes (fields, criteria, sub-criteria)"
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("parent")

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if framework_locked(request, obj):
            readonly += ["max_points", "method"]
        return readonly

    def get_extra(self, request, obj=None, **kwargs):
        return 0 if framework_locked(request, obj) else self.extra

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not framework_locked(
            request, obj
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not framework_locked(
            request, obj
        )

    def save_formset_through_services(
        self, request, framework, *, formset, new, changed, deleted
    ):
        for form in deleted:
            # Removing a parent already removed its subtree.
            node = (
                FrameworkNode.objects.select_related("framework")
                .filter(pk=form.instance.pk)
                .first()
            )
            if node is not None:
                services.framework_node_remove(node=node, actor=request.user)
        for form in changed:
            node = FrameworkNode.objects.select_related("framework").get(
                pk=form.instance.pk
            )
            data = form.cleaned_data
            services.framework_node_update(
                node=node,
                name=data.get("name", node.name),
                max_points=data.get("max_points", node.max_points),
                method=data.get("method", node.method),
                guidance=node.guidance,
                actor=request.user,
            )
        # Parents before their children.
        for form in sorted(new, key=lambda f: code_sort_key(f.cleaned_data["code"])):
            data = form.cleaned_data
            services.framework_node_add(
                framework=framework,
                code=data["code"],
                parent_code=data.get("parent_code", ""),
                name=data["name"],
                max_points=data["max_points"],
                method=data["method"],
                actor=request.user,
            )


class BandInline(PolicyPermissionsMixin, ServiceInlineMixin, admin.TabularInline):
    """Classification bands, replaced as a whole through framework_bands_set,
    which re-bands the year's results."""

    model = Band
    add_policy = change_policy = delete_policy = staticmethod(
        policies.may_change_framework
    )
    fields = ["label", "min_percent"]
    ordering = ["-min_percent"]
    extra = 1

    def save_formset_through_services(
        self, request, framework, *, formset, new, changed, deleted
    ):
        if not (new or changed or deleted):
            return
        kept = [
            form
            for form in formset.initial_forms
            if form not in deleted and form.cleaned_data
        ]
        services.framework_bands_set(
            framework=framework,
            bands=[
                (form.cleaned_data["label"], form.cleaned_data["min_percent"])
                for form in [*kept, *new]
            ],
            actor=request.user,
        )


# --- Frameworks ---------------------------------------------------------------------


@admin.register(Framework)
class FrameworkAdmin(PolicyPermissionsMixin, CchcHistoryAdmin):
    add_policy = staticmethod(policies.may_add_framework)
    change_policy = staticmethod(policies.may_change_framework)
    delete_policy = staticmethod(policies.may_delete_framework)
    list_display = [
        "name",
        "year",
        "group",
        "results_state",
        "published_on",
        "average_percent",
        "assessed_count",
        "is_illustrative",
    ]
    list_filter = ["year", "group", "results_state", "is_illustrative"]
    search_fields = ["name", "decision_reference"]
    ordering = ["-year", "group"]
    inlines = [BandInline, FrameworkNodeInline]
    actions = ["publish_results", "recompute_results"]
    change_list_template = "admin/indices/framework/change_list.html"
    readonly_fields = [
        "results_state",
        "published_on",
        "average_percent",
        "assessed_count",
        "copied_from",
        "node_files",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "year",
                    "group",
                    "name",
                    "decision_reference",
                    "total_points",
                    "low_score_threshold",
                    "is_illustrative",
                ],
                "description": gettext_lazy(
                    "A new framework gets the bands Tốt ≥ 90, Khá ≥ 80, "
                    "Trung bình ≥ 65 and Yếu ≥ 0 unless you enter others below. "
                    "Once a score is recorded the structure is fixed: copy the "
                    "framework on the site to start next year."
                ),
            },
        ),
        (
            gettext_lazy("Results (computed)"),
            {
                "fields": [
                    "results_state",
                    "published_on",
                    "average_percent",
                    "assessed_count",
                ]
            },
        ),
        (
            gettext_lazy("Record details"),
            {"fields": ["copied_from", "node_files", "created_at", "updated_at"]},
        ),
    ]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        # Year and group identify the framework; a new version is a copy.
        return [*readonly, "year", "group"] if obj is not None else readonly

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.fieldsets[:1]
        return self.fieldsets

    @admin.display(description=gettext_lazy("files"))
    def node_files(self, obj):
        if obj is None or obj.pk is None:
            return "–"
        url = reverse("admin:indices_frameworknode_export")
        return format_html(
            '<a href="{}?framework__id__exact={}">{}</a>',
            url,
            obj.pk,
            _("Export the nodes (same columns as the import)"),
        )

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        with refusals():
            if change:
                saved = services.framework_update(
                    framework=Framework.objects.get(pk=obj.pk),
                    name=data["name"],
                    decision_reference=data["decision_reference"],
                    total_points=data["total_points"],
                    low_score_threshold=data["low_score_threshold"],
                    is_illustrative=data["is_illustrative"],
                    actor=request.user,
                )
            else:
                saved = services.framework_create(
                    year=data["year"],
                    group=data["group"],
                    name=data["name"],
                    decision_reference=data["decision_reference"],
                    total_points=data["total_points"],
                    low_score_threshold=data["low_score_threshold"],
                    is_illustrative=data["is_illustrative"],
                    actor=request.user,
                )
        obj.pk = saved.pk
        obj._state.adding = False

    def delete_model(self, request, obj):
        with refusals():
            services.framework_delete(framework=obj, actor=request.user)

    # Import of a whole framework file.

    def get_urls(self):
        return [
            path(
                "import-file/",
                self.admin_site.admin_view(self.import_file_view),
                name="indices_framework_import_file",
            ),
            *super().get_urls(),
        ]

    def import_file_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = FrameworkImportForm(
            request.POST or None,
            request.FILES or None,
            initial={"year": timezone.localdate().year},
        )
        if request.method == "POST" and form.is_valid():
            try:
                framework = services.framework_import_upload(
                    actor=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                self.log_addition(request, framework, [{"added": {}}])
                self.message_user(
                    request,
                    _("The framework %(framework)s was imported.")
                    % {"framework": framework},
                    messages.SUCCESS,
                )
                return redirect("admin:indices_framework_change", framework.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import a framework from a file"),
            "form": form,
            "opts": self.opts,
            "columns": [*FRAMEWORK_COLUMNS, *OPTIONAL_COLUMNS],
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/indices/import_file.html", context)

    # Actions.

    def has_publish_permission(self, request):
        return policies.may_publish_results(request.user)

    @admin.action(
        description=gettext_lazy("Publish the results of the selected frameworks"),
        permissions=["publish"],
    )
    def publish_results(self, request, queryset):
        return run_bulk_operation(
            self,
            request,
            queryset,
            action="publish_results",
            operation=BulkOperation(
                title=_("Publish results"),
                intro=_(
                    "Every signed-in user will see these rankings. Results are "
                    "recomputed first; a framework whose appraisal is unfinished or "
                    "whose structure is invalid is not published."
                ),
                confirm_label=_("Publish"),
                form_class=PublishForm,
                form_initial={"published_on": timezone.localdate()},
                apply=lambda framework, data, request: (
                    services.framework_results_publish(
                        framework=framework,
                        published_on=data["published_on"],
                        actor=request.user,
                    )
                ),
                done=lambda count: (
                    ngettext(
                        "The results of %(count)d framework were published.",
                        "The results of %(count)d frameworks were published.",
                        count,
                    )
                    % {"count": count}
                ),
                note=lambda f: _("already published") if f.is_published else "",
            ),
        )

    @admin.action(
        description=gettext_lazy("Recompute the results of the selected frameworks"),
        permissions=["change"],
    )
    def recompute_results(self, request, queryset):
        for framework in queryset:
            services.framework_scores_recompute(framework=framework, actor=request.user)
        self.message_user(
            request,
            ngettext(
                "The results of %(count)d framework were recomputed.",
                "The results of %(count)d frameworks were recomputed.",
                len(queryset),
            )
            % {"count": len(queryset)},
            messages.SUCCESS,
        )
