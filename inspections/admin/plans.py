"""Inspection plans (targets and items inline), inspections (findings inline)
and findings, written through the plan, inspection and finding services.

Status changes (approval, conducted, concluded, cancelled) are recorded on the
site's pages, which check coverage, dates and the conclusion notice; here the
status is read-only.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db import models
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.admin.base import (
    CchcHistoryAdmin,
    CchcModelAdmin,
    ReadOnlyAdminMixin,
    ServiceInlineMixin,
    refusals,
)

from ..models import (
    INSPECTION_SCHEDULE_FIELDS,
    CoverageTarget,
    Finding,
    Inspection,
    InspectionPlan,
    InspectionStatus,
)
from ..services import findings as finding_services
from ..services import inspections as inspection_services
from ..services import plans as plan_services

SHORT_TEXT = {"widget": forms.Textarea(attrs={"rows": 2, "cols": 40})}
STATUS_ON_SITE = gettext_lazy(
    "Approval and the inspection's status (conducted, concluded, cancelled) are "
    "recorded on the site: use “View on site”."
)


# --- Plans ----------------------------------------------------------------------------


class CoverageTargetInline(ServiceInlineMixin, admin.TabularInline):
    """Targets per group, set through plan_targets_set (refused once approved)."""

    model = CoverageTarget
    fields = ["group", "target_percent"]
    extra = 0
    can_delete = False

    def save_formset_through_services(
        self, request, plan, *, formset, new, changed, deleted
    ):
        targets = {
            form.cleaned_data["group"]: form.cleaned_data["target_percent"]
            for form in [*changed, *new]
        }
        if targets:
            plan_services.plan_targets_set(
                plan=plan, targets=targets, actor=request.user
            )


class PlanItemInline(ServiceInlineMixin, admin.TabularInline):
    """The plan's items: one planned inspection per agency."""

    model = Inspection
    fk_name = "plan"
    # The schedule without its long texts (edited on the inspection's page).
    fields = [
        "agency",
        *(f for f in INSPECTION_SCHEDULE_FIELDS if f not in ("team_members", "topics")),
        "status",
    ]
    readonly_fields = ["status"]
    autocomplete_fields = ["agency"]
    fixed_fields = ("agency",)
    ordering = ["planned_month", "planned_date", "agency__name"]
    extra = 1
    show_change_link = True
    verbose_name = gettext_lazy("plan item")
    verbose_name_plural = gettext_lazy("plan items (planned inspections)")

    def save_formset_through_services(
        self, request, plan, *, formset, new, changed, deleted
    ):
        for form in deleted:
            inspection_services.inspection_delete(
                inspection=_fresh(form.instance), actor=request.user
            )
        for form in changed:
            inspection = _fresh(form.instance)
            inspection_services.inspection_update(
                inspection=inspection,
                actor=request.user,
                # The row shows part of the schedule; the rest is kept.
                **_schedule(form.cleaned_data, inspection),
            )
        for form in new:
            plan_services.plan_item_add(
                plan=plan,
                agency=form.cleaned_data["agency"],
                actor=request.user,
                is_illustrative=plan.is_illustrative,
                **_schedule(form.cleaned_data),
            )


def _schedule(data: dict, inspection: Inspection | None = None) -> dict:
    """The schedule fields of a form's data; those the form lacks come from
    the stored inspection (or are left to the service's defaults)."""
    return {
        name: data[name] if name in data else getattr(inspection, name)
        for name in INSPECTION_SCHEDULE_FIELDS
        if name in data or inspection is not None
    }


def _fresh(inspection: Inspection) -> Inspection:
    """The stored row (the form changed the instance it was given)."""
    return Inspection.objects.select_related("agency", "plan").get(pk=inspection.pk)


@admin.register(InspectionPlan)
class InspectionPlanAdmin(CchcHistoryAdmin):
    list_display = [
        "year",
        "__str__",
        "document_number",
        "document_date",
        "status",
        "approved_on",
        "is_illustrative",
    ]
    list_filter = ["status", "is_illustrative"]
    search_fields = ["title", "document_number", "note"]
    ordering = ["-year"]
    inlines = [CoverageTargetInline, PlanItemInline]
    computed = ["status", "approved_on", "approved_by", "created_at", "updated_at"]

    def get_fieldsets(self, request, obj=None):
        main = ["year", "title", "document_number", "document_date", "note"]
        main.append("is_illustrative")
        if obj is None:
            return [(None, {"fields": main})]
        return [
            (None, {"fields": main}),
            (
                gettext_lazy("Approval"),
                {"fields": self.computed, "description": STATUS_ON_SITE},
            ),
        ]

    def get_readonly_fields(self, request, obj=None):
        # The year identifies the plan; whether it is illustrative is set once.
        return [] if obj is None else ["year", "is_illustrative", *self.computed]

    def has_delete_permission(self, request, obj=None):
        # Plans are amended (items cancelled), not deleted.
        return False

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        with refusals():
            if change:
                saved = plan_services.plan_update(
                    plan=InspectionPlan.objects.get(pk=obj.pk),
                    actor=request.user,
                    title=data["title"],
                    document_number=data["document_number"],
                    document_date=data["document_date"],
                    note=data["note"],
                )
            else:
                saved = plan_services.plan_create(
                    year=data["year"],
                    actor=request.user,
                    title=data["title"],
                    document_number=data["document_number"],
                    document_date=data["document_date"],
                    note=data["note"],
                    is_illustrative=data["is_illustrative"],
                )
        obj.pk = saved.pk
        obj._state.adding = False


@admin.register(CoverageTarget)
class CoverageTargetAdmin(ReadOnlyAdminMixin, CchcModelAdmin):
    """Targets are edited under their plan."""

    list_display = ["plan", "group", "target_percent"]
    list_filter = ["group", "plan__year"]
    list_select_related = ["plan"]
    search_fields = ["plan__title", "plan__document_number"]
    ordering = ["-plan__year", "group"]


# --- Inspections and findings ---------------------------------------------------------------


class FindingInline(ServiceInlineMixin, admin.TabularInline):
    """Findings of a conducted or concluded inspection (finding services)."""

    model = Finding
    fields = ["description", "severity", "recommendation", "node"]
    autocomplete_fields = ["node"]
    extra = 1
    show_change_link = True
    formfield_overrides = {models.TextField: SHORT_TEXT}

    def has_add_permission(self, request, obj=None):
        recordable = obj is not None and obj.status in (
            InspectionStatus.CONDUCTED,
            InspectionStatus.CONCLUDED,
        )
        return recordable and super().has_add_permission(request, obj)

    def save_formset_through_services(
        self, request, inspection, *, formset, new, changed, deleted
    ):
        for form in deleted:
            finding_services.finding_delete(
                finding=_fresh_finding(form.instance), actor=request.user
            )
        for form in changed:
            data = form.cleaned_data
            finding_services.finding_update(
                finding=_fresh_finding(form.instance),
                actor=request.user,
                description=data["description"],
                severity=data["severity"],
                recommendation=data["recommendation"],
                node=data["node"],
            )
        for form in new:
            data = form.cleaned_data
            finding_services.finding_create(
                inspection=Inspection.objects.select_related("agency").get(
                    pk=inspection.pk
                ),
                actor=request.user,
                description=data["description"],
                severity=data["severity"],
                recommendation=data["recommendation"],
                node=data["node"],
            )


def _fresh_finding(finding: Finding) -> Finding:
    return Finding.objects.select_related("inspection__agency").get(pk=finding.pk)


@admin.register(Inspection)
class InspectionAdmin(CchcHistoryAdmin):
    list_display = [
        "agency",
        "year",
        "kind",
        "status",
        "planned_month",
        "planned_date",
        "start_date",
        "conclusion_date",
        "plan",
        "is_illustrative",
    ]
    list_filter = ["year", "status", "kind", "agency__group", "is_illustrative", "plan"]
    list_select_related = ["agency", "plan"]
    search_fields = [
        "agency__name",
        "agency__short_name",
        "team_lead",
        "topics",
        "combined_with",
        "conclusion_number",
    ]
    autocomplete_fields = ["plan", "agency"]
    ordering = ["-year", "planned_month", "planned_date", "agency__name"]
    inlines = [FindingInline]
    formfield_overrides = {models.TextField: SHORT_TEXT}
    schedule = list(INSPECTION_SCHEDULE_FIELDS)
    recorded = [
        "status",
        "start_date",
        "end_date",
        "summary",
        "conclusion_number",
        "conclusion_date",
        "conclusion_notice",
        "cancellation_reason",
        "created_at",
        "updated_at",
    ]

    def get_queryset(self, request):
        # Its name (also in autocomplete results) shows the agency.
        return super().get_queryset(request).select_related("agency", "plan")

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [
                (
                    None,
                    {
                        "fields": ["plan", "agency", *self.schedule, "is_illustrative"],
                        "description": gettext_lazy(
                            "Without a plan the inspection is ad hoc and needs its "
                            "date; with a plan it is an item of that plan."
                        ),
                    },
                )
            ]
        return [
            (None, {"fields": ["plan", "agency", "year", "is_illustrative"]}),
            (gettext_lazy("Schedule and team"), {"fields": self.schedule}),
            (
                gettext_lazy("Conduct and conclusion"),
                {"fields": self.recorded, "description": STATUS_ON_SITE},
            ),
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["plan", "agency", "year", "is_illustrative", *self.recorded]

    @admin.display(description=gettext_lazy("conclusion notice file"))
    def conclusion_notice(self, obj):
        # Private file: served by the site's view, which checks access.
        if not obj.conclusion_file:
            return "–"
        return format_html(
            '<a href="{}">{}</a>',
            reverse(
                "inspections:inspection_conclusion_download",
                kwargs={"inspection_id": obj.pk},
            ),
            _("Download"),
        )

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        schedule = {name: data[name] for name in self.schedule}
        with refusals():
            if change:
                saved = inspection_services.inspection_update(
                    inspection=_fresh(obj), actor=request.user, **schedule
                )
            elif data["plan"] is not None:
                saved = plan_services.plan_item_add(
                    plan=data["plan"],
                    agency=data["agency"],
                    actor=request.user,
                    is_illustrative=data["is_illustrative"],
                    **schedule,
                )
            else:
                saved = inspection_services.inspection_ad_hoc_create(
                    agency=data["agency"],
                    actor=request.user,
                    is_illustrative=data["is_illustrative"],
                    **{k: v for k, v in schedule.items() if k != "planned_month"},
                )
        obj.pk = saved.pk
        obj._state.adding = False

    def delete_model(self, request, obj):
        with refusals():
            inspection_services.inspection_delete(
                inspection=_fresh(obj), actor=request.user
            )


@admin.register(Finding)
class FindingAdmin(CchcHistoryAdmin):
    list_display = ["summary", "inspection", "severity", "node", "created_at"]
    list_filter = ["severity", "inspection__year", "inspection__agency__group"]
    list_select_related = ["inspection__agency", "node"]
    search_fields = [
        "description",
        "recommendation",
        "inspection__agency__name",
        "node__code",
        "node__name",
    ]
    autocomplete_fields = ["inspection", "node"]
    date_hierarchy = "created_at"
    ordering = ["-created_at", "-pk"]
    formfield_overrides = {models.TextField: SHORT_TEXT}
    fields = ["inspection", "description", "severity", "recommendation", "node"]

    @admin.display(description=gettext_lazy("shortcoming"), ordering="description")
    def summary(self, obj):
        return str(obj)

    def get_queryset(self, request):
        # Also what autocomplete shows; list_select_related is then not applied.
        return (
            super().get_queryset(request).select_related("inspection__agency", "node")
        )

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else ["inspection"]

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        values = {
            "description": data["description"],
            "severity": data["severity"],
            "recommendation": data["recommendation"],
            "node": data["node"],
        }
        with refusals():
            if change:
                saved = finding_services.finding_update(
                    finding=_fresh_finding(obj), actor=request.user, **values
                )
            else:
                saved = finding_services.finding_create(
                    inspection=data["inspection"], actor=request.user, **values
                )
        obj.pk = saved.pk
        obj._state.adding = False

    def delete_model(self, request, obj):
        with refusals():
            finding_services.finding_delete(
                finding=_fresh_finding(obj), actor=request.user
            )
