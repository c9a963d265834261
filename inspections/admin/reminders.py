"""Reminder rules (editable), the ledger, scans, digests, notifications, feeds."""

from django.contrib import admin
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.admin.actions import BulkOperation, run_bulk_operation
from core.admin.base import ReadOnlyAdminMixin, UnaccentSearchMixin

from ..models import (
    CalendarFeed,
    Notification,
    Reminder,
    ReminderDigest,
    ReminderRule,
    ReminderScan,
    ReminderStatus,
)
from ..policies.reminders import may_run_reminders
from ..services.calendar_feeds import calendar_feed_revoke
from ..services.reminder_admin import (
    reminder_digest_request,
    reminder_requeue,
    reminders_delivery_request,
    reminders_scan_request,
)


class ReadOnlyAdmin(ReadOnlyAdminMixin, UnaccentSearchMixin, admin.ModelAdmin):
    """Rows written only by the reminder services: look, never edit."""


@admin.register(ReminderRule)
class ReminderRuleAdmin(UnaccentSearchMixin, admin.ModelAdmin):
    """Rules are settings: administrators edit them directly (the reminder
    services read them on every scan)."""

    list_display = [
        "name",
        "timing",
        "days",
        "repeat_every_days",
        "to_agency_contacts",
        "to_agency_head",
        "to_snv_focal",
        "to_digest_recipients",
        "is_active",
    ]
    list_filter = ["timing", "is_active"]
    search_fields = ["name", "extra_emails"]
    ordering = ["timing", "-days", "pk"]
    fieldsets = [
        (None, {"fields": ["name", "is_active"]}),
        (_("When"), {"fields": ["timing", "days", "repeat_every_days"]}),
        (
            _("To whom"),
            {
                "fields": [
                    "to_agency_contacts",
                    "to_agency_head",
                    "to_snv_focal",
                    "to_digest_recipients",
                    "extra_emails",
                ]
            },
        ),
    ]

    def has_delete_permission(self, request, obj=None):
        # Sent reminders refer to their rule; switch a rule off instead.
        return False


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    list_display = [
        "due_on",
        "task",
        "agency",
        "rule",
        "recipient_email",
        "status",
        "attempts",
        "sent_at",
    ]
    list_filter = ["status", "rule", "due_on"]
    list_select_related = ["task", "agency", "rule"]
    search_fields = ["recipient_email", "task__title", "agency__name"]
    date_hierarchy = "due_on"
    ordering = ["-due_on", "-pk"]
    actions = ["retry_failed"]

    @admin.action(description=_("Send the selected failed reminders again"))
    def retry_failed(self, request, queryset):
        requeued = []

        def requeue(reminder, data, request):
            requeued.append(reminder_requeue(reminder=reminder, actor=request.user))

        response = run_bulk_operation(
            self,
            request,
            queryset.select_related("task", "agency", "rule").order_by("pk"),
            action="retry_failed",
            operation=BulkOperation(
                title=gettext("Send failed reminders again"),
                intro=gettext(
                    "These reminders are put back in the queue with fresh attempts "
                    "and sent by the next delivery. Reminders not failed are left "
                    "as they are: a sent reminder is never sent twice."
                ),
                confirm_label=gettext("Send again"),
                apply=requeue,
                done=lambda count: (
                    ngettext(
                        "%(count)d failed reminder will be sent again.",
                        "%(count)d failed reminders will be sent again.",
                        count,
                    )
                    % {"count": count}
                ),
                skip=lambda reminder: (
                    gettext("not failed (%(status)s)")
                    % {"status": reminder.get_status_display().lower()}
                    if reminder.status != ReminderStatus.FAILED
                    else ""
                ),
            ),
        )
        if requeued:
            # One delivery for all of them, after the rows are committed.
            reminders_delivery_request(actor=request.user)
        return response

    def has_change_permission(self, request, obj=None):
        # Needed for the action only; the form itself shows read-only fields.
        return may_run_reminders(request.user)

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]


@admin.register(ReminderScan)
class ReminderScanAdmin(ReadOnlyAdmin):
    list_display = [
        "day",
        "window_start",
        "started_at",
        "finished_at",
        "tasks_examined",
        "reminders_created",
        "tasks_without_recipients",
    ]
    date_hierarchy = "day"
    ordering = ["-started_at", "-pk"]
    change_list_template = "admin/inspections/reminderscan/change_list.html"

    def get_urls(self):
        run = self.admin_site.admin_view(self.run_now)
        return [
            path("run/<str:what>/", run, name="inspections_reminderscan_run"),
            *super().get_urls(),
        ]

    def run_now(self, request, what: str):
        if request.method != "POST" or not may_run_reminders(request.user):
            return HttpResponseRedirect(
                reverse("admin:inspections_reminderscan_changelist")
            )
        if what == "digest":
            reminder_digest_request(actor=request.user)
            self.message_user(request, _("This week's digest was queued."))
        else:
            reminders_scan_request(actor=request.user)
            self.message_user(request, _("The reminder scan was queued."))
        return HttpResponseRedirect(
            reverse("admin:inspections_reminderscan_changelist")
        )


@admin.register(ReminderDigest)
class ReminderDigestAdmin(ReadOnlyAdmin):
    list_display = [
        "iso_week",
        "iso_year",
        "recipient_email",
        "rule",
        "task_count",
        "status",
        "attempts",
        "sent_at",
    ]
    list_filter = ["status", "iso_year"]
    list_select_related = ["rule"]
    search_fields = ["recipient_email"]
    ordering = ["-iso_year", "-iso_week", "pk"]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["title", "user", "created_at", "read_at"]
    list_select_related = ["user"]
    search_fields = ["title", "user__username"]
    list_filter = ["created_at"]
    date_hierarchy = "created_at"
    ordering = ["-created_at", "-pk"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(ReadOnlyAdmin):
    list_display = ["user", "created_at", "last_used_at"]
    list_select_related = ["user"]
    search_fields = ["user__username"]
    ordering = ["-created_at"]
    exclude = ["token"]
    actions = ["revoke"]

    @admin.action(description=_("Revoke the selected calendar addresses"))
    def revoke(self, request, queryset):
        return run_bulk_operation(
            self,
            request,
            queryset.select_related("user").order_by("pk"),
            action="revoke",
            operation=BulkOperation(
                title=gettext("Revoke calendar addresses"),
                intro=gettext(
                    "These addresses stop working at once; their users can create "
                    "a new one on the site."
                ),
                confirm_label=gettext("Revoke"),
                apply=lambda feed, data, request: calendar_feed_revoke(
                    user=feed.user, actor=request.user
                ),
                done=lambda count: (
                    ngettext(
                        "%(count)d calendar address was revoked.",
                        "%(count)d calendar addresses were revoked.",
                        count,
                    )
                    % {"count": count}
                ),
            ),
        )

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
