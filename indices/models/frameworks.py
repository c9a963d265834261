"""Yearly PAR frameworks (Bộ chỉ số CCHC): a tree of fields, criteria and
sub-criteria for one agency group and year, with classification bands."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel

from .agencies import AgencyGroup

POINTS = {"max_digits": 7, "decimal_places": 2}
PERCENT = {"max_digits": 5, "decimal_places": 2}


class ResultsState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Framework(TimeStampedModel):
    """The index framework of one year for one agency group.

    Besides the structure it stores the group's computed results (average,
    number of assessed agencies) and whether the year's results are published.
    """

    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    group = models.CharField(
        _("agency group"), max_length=20, choices=AgencyGroup.choices
    )
    name = models.CharField(_("name"), max_length=255)
    decision_reference = models.CharField(
        _("issuing decision"),
        max_length=255,
        blank=True,
        help_text=_("Number and date of the decision that issued the framework."),
    )
    total_points = models.DecimalField(
        _("total points"),
        default=Decimal("100"),
        validators=[MinValueValidator(Decimal("0.01"))],
        **POINTS,
    )
    low_score_threshold = models.DecimalField(
        _("low-score threshold (percent of maximum)"),
        default=Decimal("70"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text=_(
            "A node scoring below this share of its maximum is flagged as low."
        ),
        **PERCENT,
    )
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("copied from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
    )
    is_illustrative = models.BooleanField(
        _("illustrative"),
        default=False,
        help_text=_("Demo structure whose names are not the province's real ones."),
    )
    results_state = models.CharField(
        _("results"),
        max_length=20,
        choices=ResultsState.choices,
        default=ResultsState.DRAFT,
    )
    published_on = models.DateField(_("published on"), null=True, blank=True)
    # Computed by indices.services whenever a score of the group changes.
    average_percent = models.DecimalField(
        _("group average (%)"), null=True, blank=True, **PERCENT
    )
    assessed_count = models.PositiveIntegerField(_("assessed agencies"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("framework")
        verbose_name_plural = _("frameworks")
        ordering = ["-year", "group"]
        permissions = [("publish_results", _("Can publish a year's results"))]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "group"],
                name="framework_unique_year_group",
                violation_error_message=_(
                    "This year already has a framework for this group."
                ),
            ),
            models.CheckConstraint(
                condition=Q(results_state="draft") | Q(published_on__isnull=False),
                name="framework_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"

    def get_absolute_url(self) -> str:
        return reverse("indices:framework_detail", kwargs={"framework_id": self.pk})

    @property
    def is_published(self) -> bool:
        return self.results_state == ResultsState.PUBLISHED


class ScoringMethod(models.TextChoices):
    APPRAISAL = "appraisal", _("Appraisal of self-assessment")
    SURVEY = "survey", _("Sociological survey")


class NodeLevel(models.IntegerChoices):
    FIELD = 1, _("Field")
    CRITERION = 2, _("Criterion")
    SUBCRITERION = 3, _("Sub-criterion")


class FrameworkNode(models.Model):
    """A field, criterion or sub-criterion. Leaves are the scored nodes."""

    framework = models.ForeignKey(
        Framework,
        verbose_name=_("framework"),
        on_delete=models.CASCADE,
        related_name="nodes",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
    )
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=500)
    max_points = models.DecimalField(
        _("maximum points"), validators=[MinValueValidator(Decimal("0"))], **POINTS
    )
    method = models.CharField(
        _("scoring method"),
        max_length=20,
        choices=ScoringMethod.choices,
        default=ScoringMethod.APPRAISAL,
    )
    guidance = models.TextField(_("scoring guidance"), blank=True)
    # Maintained by the framework services: position in tree order, depth
    # (1 = field) and whether the node has children.
    order = models.PositiveIntegerField(_("order"), default=0)
    level = models.PositiveSmallIntegerField(
        _("level"), choices=NodeLevel.choices, default=NodeLevel.FIELD
    )
    is_leaf = models.BooleanField(_("scored directly"), default=True)

    class Meta:
        verbose_name = _("framework node")
        verbose_name_plural = _("framework nodes")
        ordering = ["framework", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "code"],
                name="node_unique_code_per_framework",
                violation_error_message=_(
                    "This code is already used in the framework."
                ),
            ),
            models.CheckConstraint(
                condition=Q(max_points__gte=0), name="node_max_points_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


class Band(models.Model):
    """A classification band: agencies at or above `min_percent` get `label`."""

    framework = models.ForeignKey(
        Framework,
        verbose_name=_("framework"),
        on_delete=models.CASCADE,
        related_name="bands",
    )
    label = models.CharField(_("label"), max_length=50)
    min_percent = models.DecimalField(
        _("from (%)"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        **PERCENT,
    )

    class Meta:
        verbose_name = _("classification band")
        verbose_name_plural = _("classification bands")
        ordering = ["framework", "-min_percent"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "label"], name="band_unique_label"
            ),
            models.UniqueConstraint(
                fields=["framework", "min_percent"], name="band_unique_threshold"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} (≥ {self.min_percent})"
