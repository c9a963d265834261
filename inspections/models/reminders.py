"""Reminder rules and the ledger that makes every reminder go out once.

A rule says when (days before or after a task's deadline, or a weekly digest)
and to whom. The daily scan turns rules into ledger rows (`Reminder`), one per
task, rule, recipient, deadline and occurrence date; the database's unique
constraint on that key is what stops a second scan, a retried Celery task or
a second worker from sending the same reminder twice.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.formatting import short_date
from core.models import TimeStampedModel
from indices.models import Agency
from indices.models.agencies import split_email_list, validate_email_list

from .tasks import RemediationTask


class ReminderTiming(models.TextChoices):
    BEFORE_DEADLINE = "before", _("Before the deadline")
    AFTER_DEADLINE = "after", _("After the deadline (overdue)")
    DIGEST = "digest", _("Weekly digest of long-overdue tasks")


class ReminderRule(TimeStampedModel):
    """When a reminder is due and who receives it; edited by administrators."""

    name = models.CharField(_("name"), max_length=150)
    timing = models.CharField(
        _("timing"), max_length=10, choices=ReminderTiming.choices
    )
    days = models.PositiveSmallIntegerField(
        _("days"),
        help_text=_(
            "Before the deadline: how many days before (0 = on the deadline day). "
            "Overdue: how many days after the deadline the first reminder goes "
            "(1 = the day after). Digest: tasks overdue by more than this many days."
        ),
    )
    repeat_every_days = models.PositiveSmallIntegerField(
        _("repeat every (days)"),
        null=True,
        blank=True,
        help_text=_(
            "Overdue reminders only: repeat while the task stays overdue; empty = once."
        ),
    )
    to_agency_contacts = models.BooleanField(
        _("to the agency's contacts"),
        default=True,
        help_text=_(
            "The agency's contact e-mails and CCHC focal person, and its users "
            "(who also get an in-app notification)."
        ),
    )
    to_agency_head = models.BooleanField(_("to the head of the agency"), default=False)
    to_snv_focal = models.BooleanField(
        _("to the Sở Nội vụ focal person"),
        default=False,
        help_text=_(
            "The agency's Sở Nội vụ liaison, or the CCHC_SNV_FOCAL_EMAIL address "
            "when it has none."
        ),
    )
    to_digest_recipients = models.BooleanField(
        _("to Sở Nội vụ leadership and the chair's office"),
        default=False,
        help_text=_("The addresses of the CCHC_DIGEST_EMAILS setting."),
    )
    extra_emails = models.TextField(
        _("other addresses"),
        blank=True,
        validators=[validate_email_list],
        help_text=_("One address per line."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("reminder rule")
        verbose_name_plural = _("reminder rules")
        ordering = ["timing", "-days", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(timing="after") | Q(days__gte=1),
                name="reminder_rule_after_at_least_one_day",
                violation_error_message=_(
                    "An overdue reminder goes at least one day after the deadline."
                ),
            ),
            models.CheckConstraint(
                condition=Q(repeat_every_days__isnull=True)
                | Q(timing="after", repeat_every_days__gte=1),
                name="reminder_rule_repeat_only_after",
                violation_error_message=_(
                    "Only overdue reminders repeat, every one day or more."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if not (
            self.to_agency_contacts
            or self.to_agency_head
            or self.to_snv_focal
            or self.to_digest_recipients
            or split_email_list(self.extra_emails)
        ):
            raise ValidationError(
                _("Choose at least one recipient for the rule."), code="no_recipient"
            )

    @property
    def is_escalation(self) -> bool:
        """Goes above the agency's staff: preferred when catching up."""
        return self.timing == ReminderTiming.AFTER_DEADLINE and (
            self.to_agency_head or self.to_snv_focal
        )

    def latest_occurrence(
        self, deadline: datetime.date, today: datetime.date
    ) -> datetime.date | None:
        """The latest day on or before `today` this rule was due for `deadline`.

        A before-deadline reminder is pointless once the deadline has passed,
        so it has no occurrence then.
        """
        if self.timing == ReminderTiming.BEFORE_DEADLINE:
            day = deadline - datetime.timedelta(days=self.days)
            return day if day <= today <= deadline else None
        if self.timing == ReminderTiming.AFTER_DEADLINE:
            first = deadline + datetime.timedelta(days=self.days)
            if first > today:
                return None
            if not self.repeat_every_days:
                return first
            repeats = (today - first).days // self.repeat_every_days
            return first + datetime.timedelta(days=repeats * self.repeat_every_days)
        return None


class ReminderStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SUPERSEDED = "superseded", _("No longer needed")


class ReminderScan(models.Model):
    """One run of the daily scan; the last finished one starts the catch-up window."""

    day = models.DateField(_("scanned for"))
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    window_start = models.DateField(_("catch-up from"))
    tasks_examined = models.PositiveIntegerField(_("tasks examined"), default=0)
    reminders_created = models.PositiveIntegerField(_("reminders created"), default=0)
    tasks_without_recipients = models.PositiveIntegerField(
        _("tasks with nobody to remind"),
        default=0,
        help_text=_(
            "Tasks with a reminder due whose agency has no contact address, "
            "user or head to send it to."
        ),
    )

    class Meta:
        verbose_name = _("reminder scan")
        verbose_name_plural = _("reminder scans")
        ordering = ["-started_at", "-pk"]
        permissions = [
            ("run_reminderscan", _("Can run the reminder scan and resend reminders")),
        ]
        indexes = [models.Index(fields=["finished_at", "day"])]

    def __str__(self) -> str:
        return short_date(self.day)


class DeliveryFields(models.Model):
    """What a ledger row needs to be sent once, retried, and audited."""

    recipient_email = models.EmailField(_("recipient"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ReminderStatus.choices,
        default=ReminderStatus.PENDING,
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        abstract = True


class Reminder(DeliveryFields):
    """One reminder of one task to one recipient, for one deadline and day."""

    task = models.ForeignKey(
        RemediationTask,
        verbose_name=_("task"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    rule = models.ForeignKey(
        ReminderRule,
        verbose_name=_("rule"),
        on_delete=models.PROTECT,
        related_name="reminders",
    )
    # The agency the recipients were worked out for: a reassigned task's
    # pending reminders to the old agency are superseded.
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    deadline = models.DateField(_("deadline"))
    due_on = models.DateField(_("due on"))
    scan = models.ForeignKey(
        ReminderScan,
        verbose_name=_("created by scan"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reminders",
    )

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-due_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "rule", "recipient_email", "deadline", "due_on"],
                name="reminder_once_per_occurrence",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["task", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.task_id} · {self.recipient_email} · {short_date(self.due_on)}"


class ReminderDigest(DeliveryFields):
    """The weekly digest to one recipient for one ISO week."""

    rule = models.ForeignKey(
        ReminderRule,
        verbose_name=_("rule"),
        on_delete=models.PROTECT,
        related_name="digests",
    )
    iso_year = models.PositiveSmallIntegerField(_("ISO year"))
    iso_week = models.PositiveSmallIntegerField(_("ISO week"))
    task_count = models.PositiveIntegerField(_("tasks listed"), default=0)

    class Meta:
        verbose_name = _("weekly digest")
        verbose_name_plural = _("weekly digests")
        ordering = ["-iso_year", "-iso_week", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "iso_year", "iso_week", "recipient_email"],
                name="reminder_digest_once_per_week",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.iso_week:02d}/{self.iso_year} · {self.recipient_email}"
