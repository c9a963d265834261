"""Remediation tasks, their timeline and evidence, and the chair's directives.

Tasks change only through their workflow (inspections.services.tasks), which
checks who may act, writes the timeline and bumps the version: here they are
read-only, except the bulk verification action. Creating tasks, changing a
deadline, reassigning or cancelling is done on the task's page on the site;
directives are recorded on the site together with the tasks they assign.
Uploaded files are private: links go to the site's download views, which
check access.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.admin.actions import BulkOperation, run_bulk_operation
from core.admin.base import (
    CchcHistoryAdmin,
    CchcModelAdmin,
    ReadOnlyAdminMixin,
)

from ..models import Directive, Evidence, RemediationTask, TaskEvent, TaskStatus
from ..policies.tasks import may_verify_tasks
from ..services.tasks import task_verify

ON_SITE = gettext_lazy(
    "Tasks change only through their workflow on the site (progress, evidence, "
    "submission, verification, deadline, reassignment, cancellation): use “View "
    "on site”. Submitted tasks can also be verified in bulk from the list."
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class TaskEventInline(ReadOnlyInline):
    model = TaskEvent
    fields = ["created_at", "kind", "actor", "progress_percent", "new_deadline", "note"]
    readonly_fields = fields
    ordering = ["created_at", "pk"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


class EvidenceInline(ReadOnlyInline):
    model = Evidence
    fields = ["original_name", "size", "uploaded_by", "uploaded_at", "download"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("uploaded_by")

    @admin.display(description=gettext_lazy("file"))
    def download(self, obj):
        return evidence_link(obj)


def evidence_link(evidence: Evidence) -> str:
    return format_html(
        '<a href="{}">{}</a>',
        reverse("inspections:evidence_download", kwargs={"evidence_id": evidence.pk}),
        _("Download"),
    )


class VerifyForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Note for the agency"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
    )


@admin.register(RemediationTask)
class RemediationTaskAdmin(ReadOnlyAdminMixin, CchcHistoryAdmin):
    list_display = [
        "title",
        "agency",
        "source",
        "status",
        "deadline",
        "is_overdue",
        "progress_percent",
        "submitted_at",
        "version",
    ]
    list_filter = [
        "status",
        "source",
        "agency__group",
        "is_recurring",
        "requires_evidence",
        "deadline",
    ]
    list_select_related = ["agency"]
    search_fields = ["title", "description", "agency__name", "directive__number"]
    date_hierarchy = "deadline"
    ordering = ["deadline", "pk"]
    actions = ["verify_submitted"]
    inlines = [TaskEventInline, EvidenceInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "description",
                    "agency",
                    "source",
                    "finding",
                    "node_score",
                    "is_recurring",
                    "directive",
                ],
                "description": ON_SITE,
            },
        ),
        (
            gettext_lazy("Deadline and progress"),
            {
                "fields": [
                    "start_date",
                    "deadline",
                    "deadline_basis",
                    "deadline_days",
                    "status",
                    "progress_percent",
                    "requires_evidence",
                    "report",
                ]
            },
        ),
        (
            gettext_lazy("Record details"),
            {
                "fields": [
                    "submitted_at",
                    "verified_at",
                    "verified_by",
                    "created_by",
                    "version",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        # The list shows the agency; the object page also the finding and the
        # low-scoring node score (both named after an agency). This replaces
        # list_select_related, which Django skips once select_related is set.
        return (
            super()
            .get_queryset(request)
            .select_related(
                "agency",
                "directive",
                "finding__inspection__agency",
                "node_score__assessment__agency",
                "node_score__node",
            )
        )

    @admin.display(description=gettext_lazy("overdue"), boolean=True)
    def is_overdue(self, obj):
        return obj.is_overdue_on(timezone.localdate())

    def has_verify_permission(self, request):
        return may_verify_tasks(request.user)

    @admin.action(
        description=gettext_lazy("Verify the selected submitted tasks"),
        permissions=["verify"],
    )
    def verify_submitted(self, request, queryset):
        def verify(task, data, request):
            # The version the user confirmed: a task changed since is skipped.
            seen = request.POST.get(f"version_{task.pk}")
            task_verify(
                task=task,
                actor=request.user,
                expected_version=int(seen) if seen else task.version,
                note=data["note"],
            )

        return run_bulk_operation(
            self,
            request,
            queryset.select_related("agency").order_by("deadline", "pk"),
            action="verify_submitted",
            operation=BulkOperation(
                title=_("Verify submitted tasks"),
                intro=_(
                    "The agencies' reports of these tasks are accepted and the tasks "
                    "closed. Tasks not submitted for verification are left as they are."
                ),
                confirm_label=_("Verify"),
                form_class=VerifyForm,
                apply=verify,
                done=lambda count: (
                    ngettext(
                        "%(count)d task was verified.",
                        "%(count)d tasks were verified.",
                        count,
                    )
                    % {"count": count}
                ),
                skip=lambda task: (
                    _("not submitted for verification (%(status)s)")
                    % {"status": task.get_status_display().lower()}
                    if task.status != TaskStatus.SUBMITTED
                    else ""
                ),
                hidden=lambda task: [(f"version_{task.pk}", task.version)],
            ),
        )


@admin.register(TaskEvent)
class TaskEventAdmin(ReadOnlyAdminMixin, CchcModelAdmin):
    list_display = ["created_at", "task", "kind", "actor", "note_excerpt"]
    list_filter = ["kind"]
    list_select_related = ["task", "actor"]
    search_fields = ["task__title", "note", "actor__username", "directive_reference"]
    date_hierarchy = "created_at"
    ordering = ["-created_at", "-pk"]

    @admin.display(description=gettext_lazy("note"))
    def note_excerpt(self, obj):
        return Truncator(obj.note).chars(80)


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdminMixin, CchcModelAdmin):
    list_display = [
        "original_name",
        "task",
        "size",
        "content_type",
        "uploaded_by",
        "uploaded_at",
        "download",
    ]
    list_filter = ["content_type"]
    list_select_related = ["task", "uploaded_by"]
    search_fields = ["original_name", "description", "task__title", "sha256"]
    date_hierarchy = "uploaded_at"
    ordering = ["-uploaded_at", "-pk"]
    fields = [
        "task",
        "original_name",
        "description",
        "content_type",
        "size",
        "sha256",
        "uploaded_by",
        "uploaded_at",
        "download",
    ]
    readonly_fields = ["download"]

    @admin.display(description=gettext_lazy("file"))
    def download(self, obj):
        return evidence_link(obj)


class DirectiveTaskInline(ReadOnlyInline):
    model = RemediationTask
    fields = ["title", "agency", "deadline", "status"]
    readonly_fields = fields
    show_change_link = True
    verbose_name_plural = gettext_lazy("assigned tasks")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("agency")


@admin.register(Directive)
class DirectiveAdmin(ReadOnlyAdminMixin, CchcHistoryAdmin):
    list_display = ["number", "issued_on", "signer", "summary_excerpt", "task_count"]
    search_fields = ["number", "summary", "signer"]
    list_filter = ["signer"]
    date_hierarchy = "issued_on"
    ordering = ["-issued_on", "-pk"]
    inlines = [DirectiveTaskInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "number",
                    "issued_on",
                    "signer",
                    "summary",
                    "document",
                    "created_at",
                    "updated_at",
                ],
                "description": gettext_lazy(
                    "Directives are recorded on the site together with the tasks "
                    "they assign (Directives › New)."
                ),
            },
        )
    ]
    readonly_fields = ["document"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(task_total=Count("tasks"))

    @admin.display(description=gettext_lazy("summary"))
    def summary_excerpt(self, obj):
        return Truncator(obj.summary).chars(80)

    @admin.display(description=gettext_lazy("tasks"), ordering="task_total")
    def task_count(self, obj):
        return obj.task_total

    @admin.display(description=gettext_lazy("document file"))
    def document(self, obj):
        if not obj.file:
            return "–"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("inspections:directive_file", kwargs={"directive_id": obj.pk}),
            _("Download"),
        )
