"""Yearly assessments: an agency's scores on its group's framework, and the
results computed from them (totals, index, rank, band, sub-indices)."""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel

from .agencies import Agency
from .frameworks import PERCENT, POINTS, Framework, FrameworkNode


class AssessmentSource(models.TextChoices):
    NODE_SCORES = "node_scores", _("Scores per sub-criterion")
    TOTALS = "totals", _("Published totals only")


class Assessment(TimeStampedModel):
    """One agency's assessment in one year.

    `total_points` … `band_label` are computed and stored by indices.services
    each time a score changes, so rankings are a single query.
    """

    framework = models.ForeignKey(
        Framework,
        verbose_name=_("framework"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    source = models.CharField(
        _("source"),
        max_length=20,
        choices=AssessmentSource.choices,
        default=AssessmentSource.NODE_SCORES,
    )
    is_illustrative = models.BooleanField(
        _("illustrative"),
        default=False,
        help_text=_("Demo figures, not the agency's real published score."),
    )
    note = models.TextField(_("note"), blank=True)
    self_total = models.DecimalField(
        _("self-assessed total"), null=True, blank=True, **POINTS
    )
    total_points = models.DecimalField(_("points"), default=0, **POINTS)
    applicable_max = models.DecimalField(_("applicable maximum"), default=0, **POINTS)
    percent = models.DecimalField(_("index (%)"), null=True, blank=True, **PERCENT)
    self_percent = models.DecimalField(
        _("self-assessed index (%)"), null=True, blank=True, **PERCENT
    )
    is_provisional = models.BooleanField(
        _("provisional"),
        default=False,
        help_text=_(
            "Some applicable sub-criteria have no appraised (or survey) score yet; "
            "their self score is counted meanwhile."
        ),
    )
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    band_label = models.CharField(_("classification"), max_length=50, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-year", "rank", "agency__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year"],
                name="assessment_unique_agency_year",
                violation_error_message=_(
                    "This agency already has an assessment for the year."
                ),
            ),
            models.CheckConstraint(
                condition=Q(percent__isnull=True) | Q(percent__gte=0, percent__lte=100),
                name="assessment_percent_0_100",
            ),
            models.CheckConstraint(
                condition=Q(self_percent__isnull=True)
                | Q(self_percent__gte=0, self_percent__lte=100),
                name="assessment_self_percent_0_100",
            ),
            models.CheckConstraint(
                condition=Q(total_points__gte=0)
                & Q(total_points__lte=models.F("applicable_max")),
                name="assessment_points_within_max",
            ),
        ]
        indexes = [models.Index(fields=["framework", "rank"])]

    def __str__(self) -> str:
        return f"{self.agency} – {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("indices:scorecard", kwargs={"assessment_id": self.pk})


class NodeScore(models.Model):
    """Scores of one framework node in one assessment.

    Input columns (self/appraised/survey score, N/A, notes) are filled for
    scored (leaf) nodes; the computed columns are kept for every node so the
    field and criterion sub-indices and the low-score flags are stored too.
    """

    assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("assessment"),
        on_delete=models.CASCADE,
        related_name="node_scores",
    )
    node = models.ForeignKey(
        FrameworkNode,
        verbose_name=_("framework node"),
        on_delete=models.PROTECT,
        related_name="scores",
    )
    self_score = models.DecimalField(
        _("self score"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        **POINTS,
    )
    appraised_score = models.DecimalField(
        _("appraised score"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        **POINTS,
    )
    survey_score = models.DecimalField(
        _("survey score"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        **POINTS,
    )
    not_applicable = models.BooleanField(_("not applicable"), default=False)
    explanation = models.TextField(_("agency's explanation"), blank=True)
    appraiser_note = models.TextField(_("appraiser's note"), blank=True)
    # Computed.
    points = models.DecimalField(_("points"), default=0, **POINTS)
    applicable_max = models.DecimalField(_("applicable maximum"), default=0, **POINTS)
    percent = models.DecimalField(_("sub-index (%)"), null=True, blank=True, **PERCENT)
    is_low = models.BooleanField(_("low score"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("node score")
        verbose_name_plural = _("node scores")
        ordering = ["assessment", "node__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "node"], name="nodescore_unique_assessment_node"
            ),
            models.CheckConstraint(
                condition=(Q(self_score__isnull=True) | Q(self_score__gte=0))
                & (Q(appraised_score__isnull=True) | Q(appraised_score__gte=0))
                & (Q(survey_score__isnull=True) | Q(survey_score__gte=0)),
                name="nodescore_scores_not_negative",
            ),
        ]
        indexes = [models.Index(fields=["node", "is_low"])]

    def __str__(self) -> str:
        return f"{self.assessment} · {self.node.code}"
