"""Opening an agency's assessment of a year, correcting its note and markers,
and recording the published total of a year known only by its totals."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.formatting import shown
from core.history import record_actor
from core.policies import require

from .. import arithmetic, policies
from ..models import (
    Agency,
    Assessment,
    AssessmentSource,
    Framework,
    FrameworkNode,
    NodeScore,
)
from .results_store import (
    framework_lock_for_scoring,
    framework_nodes,
    store_assessment_results,
    store_group_results,
)


def _check_assessment(framework: Framework, agency: Agency) -> None:
    if agency.group != framework.group:
        raise ValidationError(
            {
                "agency": _(
                    "%(agency)s is in the group “%(agency_group)s”; the framework is for “%(group)s”."
                )
                % {
                    "agency": agency,
                    "agency_group": agency.get_group_display(),
                    "group": framework.get_group_display(),
                }
            }
        )
    if not Agency.objects.filter(pk=agency.pk).active_in_year(framework.year).exists():
        raise ValidationError(
            {
                "agency": _("%(agency)s did not exist in %(year)s.")
                % {"agency": agency, "year": framework.year}
            }
        )


def open_assessment(
    *,
    framework: Framework,
    agency: Agency,
    actor,
    is_illustrative: bool = False,
    note: str = "",
    nodes: Sequence[FrameworkNode] | None = None,
) -> Assessment:
    """Create the assessment with an empty score row for every node. A building
    block of the services (score import, opening a group): it checks no policy,
    and the caller locks the framework and recomputes."""
    _check_assessment(framework, agency)
    assessment = Assessment(
        framework=framework,
        agency=agency,
        year=framework.year,
        source=AssessmentSource.NODE_SCORES,
        is_illustrative=is_illustrative,
        note=note,
    )
    assessment.full_clean()
    record_actor(assessment, actor)
    assessment.save()
    nodes = framework_nodes(framework) if nodes is None else nodes
    NodeScore.objects.bulk_create(
        NodeScore(assessment=assessment, node=node) for node in nodes
    )
    return assessment


@transaction.atomic
def assessment_open(
    *,
    framework: Framework,
    agency: Agency,
    actor,
    is_illustrative: bool = False,
    note: str = "",
    nodes: Sequence[FrameworkNode] | None = None,
) -> Assessment:
    """Create the agency's assessment for the framework's year, with an empty
    score row for every node.

    Raises ValidationError when the agency is of another group, did not exist
    that year or already has an assessment.
    """
    require(policies.may_open_assessments(actor, framework))
    framework_lock_for_scoring(framework.pk)
    return open_assessment(
        framework=framework,
        agency=agency,
        actor=actor,
        is_illustrative=is_illustrative,
        note=note,
        nodes=nodes,
    )


@transaction.atomic
def assessment_update(
    *, assessment: Assessment, note: str, is_illustrative: bool, actor
) -> Assessment:
    """Change the assessment's note and whether its figures are illustrative
    (the scores themselves change through assessment_scores_update)."""
    require(policies.may_manage_assessments(actor, assessment))
    assessment.note = note.strip()
    assessment.is_illustrative = is_illustrative
    assessment.full_clean()
    record_actor(assessment, actor)
    assessment.save(update_fields=["note", "is_illustrative", "updated_at"])
    return assessment


@transaction.atomic
def framework_assessments_open(*, framework: Framework, actor) -> list[Assessment]:
    """Open an assessment for every agency of the group active in the year that
    has none yet; returns the new ones."""
    require(policies.may_open_assessments(actor, framework))
    existing = set(
        Assessment.objects.filter(year=framework.year).values_list(
            "agency_id", flat=True
        )
    )
    agencies = (
        Agency.objects.active_in_year(framework.year)
        .filter(group=framework.group)
        .exclude(pk__in=existing)
        .order_by("name")
    )
    if not agencies:
        return []
    framework_lock_for_scoring(framework.pk)
    nodes = framework_nodes(framework)
    opened = [
        open_assessment(framework=framework, agency=agency, actor=actor, nodes=nodes)
        for agency in agencies
    ]
    if opened:
        store_assessment_results(opened, nodes)
        store_group_results(framework)
    return opened


@transaction.atomic
def assessment_totals_set(
    *,
    framework: Framework,
    agency: Agency,
    total_points: Decimal,
    applicable_max: Decimal,
    actor,
    is_illustrative: bool = False,
    recompute_group: bool = True,
) -> tuple[Assessment, bool]:
    """Record a published total for a year known only by totals; returns
    (assessment, created). Refuses to overwrite per-node scores.

    `recompute_group=False` leaves the group's ranks to the caller (an import
    recomputes them once, after its last row)."""
    require(policies.may_enter_scores(actor, framework))
    framework_lock_for_scoring(framework.pk)
    if not (0 <= total_points <= applicable_max) or applicable_max <= 0:
        raise ValidationError(
            {"total_points": _("The score must be between 0 and the maximum score.")}
        )
    if applicable_max > framework.total_points:
        raise ValidationError(
            {
                "applicable_max": _(
                    "The maximum score is above the framework total %(total)s."
                )
                % {"total": shown(framework.total_points)}
            }
        )
    assessment = Assessment.objects.filter(agency=agency, year=framework.year).first()
    created = assessment is None
    if created:
        _check_assessment(framework, agency)
        assessment = Assessment(
            framework=framework,
            agency=agency,
            year=framework.year,
            source=AssessmentSource.TOTALS,
        )
    elif assessment.source != AssessmentSource.TOTALS:
        raise ValidationError(
            _(
                "%(agency)s already has per-node scores for %(year)s; totals would overwrite them."
            )
            % {"agency": agency, "year": framework.year}
        )
    assessment.total_points = total_points
    assessment.applicable_max = applicable_max
    assessment.is_illustrative = is_illustrative
    assessment.percent = arithmetic.percent_of(total_points, applicable_max)
    assessment.full_clean()
    record_actor(assessment, actor)
    assessment.save()
    if recompute_group:
        store_group_results(framework)
    return assessment, created
