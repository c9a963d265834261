"""Yearly CCHC inspection plans, inspections and their findings."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel
from indices.models import Agency, AgencyGroup, FrameworkNode

DEFAULT_COVERAGE_TARGET = Decimal("30")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")


class InspectionPlan(TimeStampedModel):
    """Kế hoạch kiểm tra CCHC: the province's inspection plan for a year."""

    year = models.PositiveSmallIntegerField(
        _("year"),
        unique=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        error_messages={"unique": _("This year already has an inspection plan.")},
    )
    title = models.CharField(_("title"), max_length=300, blank=True)
    document_number = models.CharField(_("document number"), max_length=100, blank=True)
    document_date = models.DateField(_("document date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    is_illustrative = models.BooleanField(
        _("illustrative"),
        default=False,
        help_text=_("Demo plan whose document number and date are not real."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inspection plan")
        verbose_name_plural = _("inspection plans")
        ordering = ["-year"]
        permissions = [("approve_inspectionplan", _("Can approve an inspection plan"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(approved_on__isnull=False),
                name="plan_approved_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title or str(
            _("CCHC inspection plan %(year)s") % {"year": self.year}
        )

    def get_absolute_url(self) -> str:
        return reverse("inspections:plan_detail", kwargs={"plan_id": self.pk})

    @property
    def is_approved(self) -> bool:
        return self.status == PlanStatus.APPROVED


class CoverageTarget(models.Model):
    """Share of a group's agencies the plan must inspect (default 30 %)."""

    plan = models.ForeignKey(
        InspectionPlan,
        verbose_name=_("plan"),
        on_delete=models.CASCADE,
        related_name="targets",
    )
    group = models.CharField(
        _("agency group"), max_length=20, choices=AgencyGroup.choices
    )
    target_percent = models.DecimalField(
        _("target (%)"),
        max_digits=5,
        decimal_places=2,
        default=DEFAULT_COVERAGE_TARGET,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )

    class Meta:
        verbose_name = _("coverage target")
        verbose_name_plural = _("coverage targets")
        ordering = ["plan", "group"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "group"], name="target_unique_group"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_group_display()}: {self.target_percent} %"


class InspectionKind(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled on-site")
    THEMATIC = "thematic", _("Thematic")
    UNANNOUNCED = "unannounced", _("Unannounced")
    COMBINED = "combined", _("Combined with another inspection")


class InspectionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    CONDUCTED = "conducted", _("Conducted")
    CONCLUDED = "concluded", _("Concluded")
    CANCELLED = "cancelled", _("Cancelled")


# What is planned about an inspection: its kind, when, by whom, on what. The
# forms, the admin and the services read this one list.
SCHEDULE_FIELDS = (
    "kind",
    "combined_with",
    "planned_month",
    "planned_date",
    "team_lead",
    "team_members",
    "topics",
)


def conclusion_upload_to(instance: "Inspection", filename: str) -> str:
    return f"inspections/{instance.year}/conclusions/{filename}"


class Inspection(TimeStampedModel):
    """An inspection of one agency: an item of a plan, or ad hoc (no plan).

    A plan item is an inspection in status "planned"; it becomes "conducted"
    when the team has visited and "concluded" when the conclusion notice is out.
    """

    plan = models.ForeignKey(
        InspectionPlan,
        verbose_name=_("plan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections",
        help_text=_("Empty for an inspection outside the plan."),
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=InspectionKind.choices,
        default=InspectionKind.SCHEDULED,
    )
    combined_with = models.CharField(
        _("combined with"),
        max_length=255,
        blank=True,
        help_text=_("The other inspection, e.g. civil-service discipline, ISO."),
    )
    planned_month = models.PositiveSmallIntegerField(
        _("planned month"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    planned_date = models.DateField(_("planned date"), null=True, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    team_lead = models.CharField(_("team lead"), max_length=150, blank=True)
    team_members = models.TextField(
        _("team members"), blank=True, help_text=_("One per line.")
    )
    topics = models.TextField(_("topics"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=InspectionStatus.choices,
        default=InspectionStatus.PLANNED,
    )
    conclusion_number = models.CharField(
        _("conclusion notice number"), max_length=100, blank=True
    )
    conclusion_date = models.DateField(
        _("conclusion notice date"), null=True, blank=True
    )
    conclusion_file = models.FileField(
        _("conclusion notice file"),
        upload_to=conclusion_upload_to,
        blank=True,
        max_length=300,
    )
    summary = models.TextField(_("summary"), blank=True)
    cancellation_reason = models.TextField(_("reason for cancelling"), blank=True)
    is_illustrative = models.BooleanField(
        _("illustrative"),
        default=False,
        help_text=_("Demo record, not a real inspection."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-year", "planned_month", "planned_date", "agency__name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="combined") | ~Q(combined_with=""),
                name="inspection_combined_names_other",
                violation_error_message=_(
                    "A combined inspection must name the inspection it is combined with."
                ),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="inspection_end_after_start",
                violation_error_message=_("The end date is before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["planned", "cancelled"])
                | Q(start_date__isnull=False),
                name="inspection_conducted_has_start",
                violation_error_message=_(
                    "A conducted inspection needs its start date."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status="concluded") | Q(conclusion_date__isnull=False),
                name="inspection_concluded_has_notice_date",
                violation_error_message=_(
                    "A concluded inspection needs the date of its conclusion notice."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | ~Q(cancellation_reason=""),
                name="inspection_cancelled_has_reason",
                violation_error_message=_("A cancelled inspection needs a reason."),
            ),
        ]
        indexes = [models.Index(fields=["year", "status"])]

    def __str__(self) -> str:
        return _("Inspection of %(agency)s (%(year)s)") % {
            "agency": self.agency.name,
            "year": self.year,
        }

    def get_absolute_url(self) -> str:
        return reverse(
            "inspections:inspection_detail", kwargs={"inspection_id": self.pk}
        )

    @property
    def inspection_day(self) -> datetime.date | None:
        return inspection_day(
            year=self.year,
            start_date=self.start_date,
            planned_date=self.planned_date,
            planned_month=self.planned_month,
        )

    @property
    def is_ad_hoc(self) -> bool:
        return self.plan_id is None


def inspection_day(
    *,
    year: int,
    start_date: datetime.date | None,
    planned_date: datetime.date | None,
    planned_month: int | None,
) -> datetime.date | None:
    """The day an inspection counts on for coverage: its start date, else its
    planned date, else the 15th of its planned month; None when unscheduled."""
    if start_date:
        return start_date
    if planned_date:
        return planned_date
    if planned_month:
        return datetime.date(year, planned_month, 15)
    return None


class FindingSeverity(models.TextChoices):
    MINOR = "minor", _("Minor")
    MODERATE = "moderate", _("Moderate")
    SERIOUS = "serious", _("Serious")


class Finding(TimeStampedModel):
    """A shortcoming (tồn tại, hạn chế) recorded by an inspection."""

    inspection = models.ForeignKey(
        Inspection,
        verbose_name=_("inspection"),
        on_delete=models.CASCADE,
        related_name="findings",
    )
    description = models.TextField(_("shortcoming"))
    severity = models.CharField(
        _("severity"),
        max_length=20,
        choices=FindingSeverity.choices,
        default=FindingSeverity.MODERATE,
    )
    recommendation = models.TextField(_("recommendation"), blank=True)
    node = models.ForeignKey(
        FrameworkNode,
        verbose_name=_("related index node"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="findings",
        help_text=_("Field, criterion or sub-criterion of the agency's framework."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["inspection", "pk"]

    def __str__(self) -> str:
        return self.description[:80]

    def get_absolute_url(self) -> str:
        return reverse("inspections:finding_detail", kwargs={"finding_id": self.pk})
