"""Remediation tasks and the chair's directives that assign some of them."""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.formatting import short_date, short_datetime
from core.models import TimeStampedModel
from indices.models import Agency, NodeScore, Reorganisation

from .plans import Finding

DEFAULT_DIRECTIVE_SIGNER = "Chủ tịch UBND tỉnh"


def directive_upload_to(instance: "Directive", filename: str) -> str:
    return f"directives/{instance.issued_on:%Y}/{filename}"


class Directive(TimeStampedModel):
    """Văn bản chỉ đạo: a document of the provincial People's Committee or its
    chair assigning tasks with deadlines to agencies."""

    number = models.CharField(
        _("document number"), max_length=100, help_text=_("E.g. 123/UBND-NC.")
    )
    issued_on = models.DateField(_("date"))
    signer = models.CharField(
        _("signer"), max_length=150, default=DEFAULT_DIRECTIVE_SIGNER
    )
    summary = models.TextField(_("summary"))
    file = models.FileField(
        _("document file"), upload_to=directive_upload_to, blank=True, max_length=300
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("directive")
        verbose_name_plural = _("directives")
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["number", "issued_on"],
                name="directive_unique_number_date",
                violation_error_message=_(
                    "A directive with this number and date exists."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({short_date(self.issued_on)})"

    def get_absolute_url(self) -> str:
        return reverse("inspections:directive_detail", kwargs={"directive_id": self.pk})


class TaskSource(models.TextChoices):
    FINDING = "finding", _("Inspection finding")
    LOW_SCORE = "low_score", _("Low index score")
    DIRECTIVE = "directive", _("Chair's directive")


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Submitted for verification")
    VERIFIED = "verified", _("Verified")
    CANCELLED = "cancelled", _("Cancelled")


# Statuses in which the agency still owes work; past the deadline they are overdue.
PENDING_STATUSES = (TaskStatus.OPEN, TaskStatus.IN_PROGRESS)
CLOSED_STATUSES = (TaskStatus.VERIFIED, TaskStatus.CANCELLED)


class DeadlineBasis(models.TextChoices):
    DATE = "date", _("Fixed date")
    CALENDAR_DAYS = "calendar_days", _("Calendar days from the start date")
    WORKING_DAYS = "working_days", _("Working days from the start date")


def overdue_q(today: datetime.date, prefix: str = "") -> Q:
    """The one definition of "overdue": past the deadline and not yet submitted.

    `prefix` reaches the task from another model ("tasks__").
    """
    return Q(
        **{f"{prefix}status__in": PENDING_STATUSES, f"{prefix}deadline__lt": today}
    )


class RemediationTaskQuerySet(models.QuerySet):
    def pending(self) -> "RemediationTaskQuerySet":
        return self.filter(status__in=PENDING_STATUSES)

    def overdue(self, today: datetime.date) -> "RemediationTaskQuerySet":
        """Past the deadline and not yet submitted."""
        return self.filter(overdue_q(today))

    def due_within(self, today: datetime.date, days: int) -> "RemediationTaskQuerySet":
        return self.pending().filter(
            deadline__gte=today, deadline__lte=today + datetime.timedelta(days=days)
        )


class RemediationTask(TimeStampedModel):
    """Nhiệm vụ khắc phục: work an agency must do by a deadline.

    Its source is an inspection finding, a low-scoring index node, or a
    directive. Status moves open → in progress → submitted → verified, or back
    from submitted to in progress when returned; "overdue" is derived.
    """

    agency = models.ForeignKey(
        Agency,
        verbose_name=_("responsible agency"),
        on_delete=models.PROTECT,
        related_name="remediation_tasks",
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(_("source"), max_length=20, choices=TaskSource.choices)
    finding = models.ForeignKey(
        Finding,
        verbose_name=_("finding"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
    )
    node_score = models.ForeignKey(
        NodeScore,
        verbose_name=_("low-scoring node"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="remediation_tasks",
    )
    is_recurring = models.BooleanField(
        _("recurring weakness"),
        default=False,
        help_text=_("The same node was also low the previous year."),
    )
    directive = models.ForeignKey(
        Directive,
        verbose_name=_("directive"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
    )
    start_date = models.DateField(_("start date"))
    deadline = models.DateField(_("deadline"))
    deadline_basis = models.CharField(
        _("deadline set as"),
        max_length=20,
        choices=DeadlineBasis.choices,
        default=DeadlineBasis.DATE,
    )
    deadline_days = models.PositiveSmallIntegerField(
        _("number of days"), null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=TaskStatus.choices, default=TaskStatus.OPEN
    )
    progress_percent = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    report = models.TextField(_("remediation report"), blank=True)
    requires_evidence = models.BooleanField(
        _("evidence required"),
        default=True,
        help_text=_(
            "The agency must attach at least one evidence file before submitting. "
            "Untick for tasks answered by a report alone."
        ),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Optimistic concurrency: every write bumps it; a form posted with an older
    # version is refused instead of overwriting the newer change.
    version = models.PositiveIntegerField(_("version"), default=1)
    history = HistoricalRecords()

    objects = RemediationTaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("remediation task")
        verbose_name_plural = _("remediation tasks")
        ordering = ["deadline", "pk"]
        permissions = [
            ("verify_remediationtask", _("Can verify or return a submitted task")),
            ("change_deadline_remediationtask", _("Can change a task's deadline")),
            ("report_remediationtask", _("Can report progress and submit a task")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(source="finding", finding__isnull=False)
                    | Q(source="low_score", node_score__isnull=False)
                    | Q(source="directive", directive__isnull=False)
                ),
                name="task_source_has_origin",
                violation_error_message=_("The task's source document is missing."),
            ),
            models.CheckConstraint(
                condition=Q(deadline__gte=models.F("start_date")),
                name="task_deadline_after_start",
                violation_error_message=_("The deadline is before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(progress_percent__lte=100), name="task_progress_max_100"
            ),
            # Bulk creation from low-score flags runs again without duplicates.
            models.UniqueConstraint(
                fields=["node_score"],
                condition=Q(node_score__isnull=False),
                name="task_unique_per_low_node",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "deadline"]),
            models.Index(fields=["agency", "status"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("inspections:task_detail", kwargs={"task_id": self.pk})

    def is_overdue_on(self, today: datetime.date) -> bool:
        return self.status in PENDING_STATUSES and self.deadline < today

    @property
    def submitted_late(self) -> bool:
        return bool(
            self.submitted_at
            and self.status in (TaskStatus.SUBMITTED, TaskStatus.VERIFIED)
            and timezone.localtime(self.submitted_at).date() > self.deadline
        )


class TaskEventKind(models.TextChoices):
    CREATED = "created", _("Created")
    PROGRESS = "progress", _("Progress reported")
    EVIDENCE = "evidence", _("Evidence uploaded")
    EVIDENCE_REMOVED = "evidence_removed", _("Evidence removed")
    SUBMITTED = "submitted", _("Submitted for verification")
    RETURNED = "returned", _("Returned")
    VERIFIED = "verified", _("Verified")
    DEADLINE_CHANGED = "deadline_changed", _("Deadline changed")
    REASSIGNED = "reassigned", _("Reassigned")
    CANCELLED = "cancelled", _("Cancelled")


class TaskEvent(models.Model):
    """One entry of a task's timeline, written by the service that acted."""

    task = models.ForeignKey(
        RemediationTask,
        verbose_name=_("task"),
        on_delete=models.CASCADE,
        related_name="events",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=TaskEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("at"), auto_now_add=True)
    progress_percent = models.PositiveSmallIntegerField(
        _("progress (%)"), null=True, blank=True
    )
    note = models.TextField(_("note"), blank=True)
    # Deadline changes and reassignments keep their before/after values.
    old_deadline = models.DateField(_("old deadline"), null=True, blank=True)
    new_deadline = models.DateField(_("new deadline"), null=True, blank=True)
    directive = models.ForeignKey(
        Directive,
        verbose_name=_("granted by directive"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # A chair's decision not (yet) recorded as a Directive, e.g. "Công văn 45/UBND-NC".
    directive_reference = models.CharField(
        _("directive reference"), max_length=255, blank=True
    )
    reorganisation = models.ForeignKey(
        Reorganisation,
        verbose_name=_("reorganisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Set when the task moved because its agency was reorganised."),
    )
    old_agency = models.ForeignKey(
        Agency,
        verbose_name=_("previous agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("task event")
        verbose_name_plural = _("task events")
        ordering = ["task", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {short_datetime(self.created_at)}"


def evidence_upload_to(instance: "Evidence", filename: str) -> str:
    # The stored name is the content hash; the user's file name is kept apart.
    return f"evidence/{instance.task_id}/{instance.sha256}"


class Evidence(models.Model):
    """Tài liệu kiểm chứng: a file proving remediation, kept outside public paths."""

    task = models.ForeignKey(
        RemediationTask,
        verbose_name=_("task"),
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    file = models.FileField(_("file"), upload_to=evidence_upload_to, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    description = models.CharField(_("description"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["task", "uploaded_at"]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("inspections:evidence_download", kwargs={"evidence_id": self.pk})
