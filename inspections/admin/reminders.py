"""Reminder rules (editable), the ledger, scans, digests, notifications, feeds."""

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin.base import ReadOnlyAdminMixin, UnaccentSearchMixin

from ..models import (
    CalendarFeed,
    Notification,
    Reminder,
    ReminderDigest,
    ReminderRule,
    ReminderScan,
)
from ..services.calendar_feeds import calendar_feed_revoke
from ..services.reminder_admin import (
    reminder_digest_request,
    reminders_retry,
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
        count = reminders_retry(
            reminder_ids=list(queryset.values_list("pk", flat=True))
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d failed reminder will be sent again.",
                "%(count)d failed reminders will be sent again.",
                count,
            )
            % {"count": count},
            messages.SUCCESS if count else messages.WARNING,
        )

    def has_change_permission(self, request, obj=None):
        # Needed for the action only; the form itself shows read-only fields.
        return request.user.has_perm("inspections.run_reminderscan")

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
        if request.method != "POST" or not request.user.has_perm(
            "inspections.run_reminderscan"
        ):
            return HttpResponseRedirect(
                reverse("admin:inspections_reminderscan_changelist")
            )
        if what == "digest":
            reminder_digest_request()
            self.message_user(request, _("This week's digest was queued."))
        else:
            reminders_scan_request()
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
        for feed in queryset.select_related("user"):
            calendar_feed_revoke(user=feed.user)
        self.message_user(request, _("The calendar addresses were revoked."))

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
