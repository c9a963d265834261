"""Writes of yearly frameworks: creation, settings and bands, the copy that
starts next year, and deletion. The node tree is in framework_nodes, the
structure rules in framework_structure."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from core.history import record_actor
from core.policies import require

from .. import policies
from ..models import AgencyGroup, Assessment, Band, Framework, FrameworkNode, NodeLevel
from .results_store import store_assessment_results, store_group_results

DEFAULT_BANDS: list[tuple[str, Decimal]] = [
    ("Tốt", Decimal("90")),
    ("Khá", Decimal("80")),
    ("Trung bình", Decimal("65")),
    ("Yếu", Decimal("0")),
]
DEFAULT_LOW_SCORE_THRESHOLD = Decimal("70")


@transaction.atomic
def framework_create(
    *,
    year: int,
    group: AgencyGroup | str,
    name: str,
    total_points: Decimal = Decimal("100"),
    low_score_threshold: Decimal = DEFAULT_LOW_SCORE_THRESHOLD,
    bands: Sequence[tuple[str, Decimal]] | None = None,
    decision_reference: str = "",
    is_illustrative: bool = False,
    copied_from: Framework | None = None,
    actor,
) -> Framework:
    """Create an empty framework for the year and group, with bands (the
    defaults Tốt ≥ 90, Khá ≥ 80, Trung bình ≥ 65, Yếu ≥ 0 when none are given)."""
    require(policies.may_add_framework(actor))
    framework = Framework(
        year=year,
        group=group,
        name=name.strip(),
        total_points=total_points,
        low_score_threshold=low_score_threshold,
        decision_reference=decision_reference.strip(),
        is_illustrative=is_illustrative,
        copied_from=copied_from,
    )
    framework.full_clean()
    record_actor(framework, actor)
    framework.save()
    _bands_replace(framework, DEFAULT_BANDS if bands is None else bands)
    return framework


@transaction.atomic
def framework_update(
    *,
    framework: Framework,
    name: str,
    decision_reference: str = "",
    total_points: Decimal,
    low_score_threshold: Decimal,
    is_illustrative: bool,
    actor,
) -> Framework:
    """Change the framework's settings; a new low-score threshold re-flags every
    assessment, a new total is checked only by validation."""
    require(policies.may_change_framework(actor, framework))
    threshold_changed = framework.low_score_threshold != low_score_threshold
    framework.name = name.strip()
    framework.decision_reference = decision_reference.strip()
    framework.total_points = total_points
    framework.low_score_threshold = low_score_threshold
    framework.is_illustrative = is_illustrative
    framework.full_clean()
    record_actor(framework, actor)
    framework.save(
        update_fields=[
            "name",
            "decision_reference",
            "total_points",
            "low_score_threshold",
            "is_illustrative",
            "updated_at",
        ]
    )
    if threshold_changed:
        store_assessment_results(
            list(framework.assessments.select_related("framework"))
        )
    return framework


@transaction.atomic
def framework_settings_update(
    *, framework: Framework, bands: Sequence[tuple[str, Decimal]], actor, **settings
) -> Framework:
    """Save the settings page: the framework's settings (see framework_update)
    and its bands together, or neither."""
    framework_update(framework=framework, actor=actor, **settings)
    return framework_bands_set(framework=framework, bands=bands, actor=actor)


def _bands_replace(framework: Framework, bands: Sequence[tuple[str, Decimal]]) -> None:
    problems = []
    cleaned = [(label.strip(), Decimal(threshold)) for label, threshold in bands]
    if not cleaned:
        problems.append(_("Give at least one classification band."))
    labels = [label for label, _threshold in cleaned]
    thresholds = [threshold for _label, threshold in cleaned]
    if any(not label for label in labels):
        problems.append(_("Every band needs a label."))
    if len(set(labels)) != len(labels):
        problems.append(_("Two bands have the same label."))
    if len(set(thresholds)) != len(thresholds):
        problems.append(_("Two bands have the same threshold."))
    if any(not (0 <= t <= 100) for t in thresholds):
        problems.append(_("Band thresholds are percentages between 0 and 100."))
    if thresholds and min(thresholds) != 0:
        problems.append(
            _("The lowest band must start at 0 so that every agency is classified.")
        )
    if problems:
        raise ValidationError({"bands": problems})
    framework.bands.all().delete()
    Band.objects.bulk_create(
        Band(framework=framework, label=label, min_percent=threshold)
        for label, threshold in cleaned
    )


@transaction.atomic
def framework_bands_set(
    *, framework: Framework, bands: Sequence[tuple[str, Decimal]], actor
) -> Framework:
    """Replace the classification bands and re-band the year's results."""
    require(policies.may_change_framework(actor, framework))
    _bands_replace(framework, bands)
    return store_group_results(framework)


@transaction.atomic
def framework_copy(
    *,
    framework: Framework,
    year: int,
    name: str = "",
    group: AgencyGroup | str | None = None,
    actor,
) -> Framework:
    """Start another year's framework from this one: nodes, bands, total and
    low-score rule are copied, scores are not. Returns the copy."""
    require(policies.may_add_framework(actor))
    group = group or framework.group
    if Framework.objects.filter(year=year, group=group).exists():
        raise ValidationError(
            {
                "year": _("%(year)s already has a framework for this group.")
                % {"year": year}
            }
        )
    copy = framework_create(
        year=year,
        group=group,
        name=name or _default_copy_name(framework, year),
        total_points=framework.total_points,
        low_score_threshold=framework.low_score_threshold,
        bands=list(framework.bands.values_list("label", "min_percent")),
        decision_reference="",
        is_illustrative=framework.is_illustrative,
        copied_from=framework,
        actor=actor,
    )
    nodes = list(framework.nodes.order_by("order"))
    new_by_old: dict[int, FrameworkNode] = {}
    for level in (NodeLevel.FIELD, NodeLevel.CRITERION, NodeLevel.SUBCRITERION):
        batch = [
            FrameworkNode(
                framework=copy,
                parent=new_by_old.get(node.parent_id),
                code=node.code,
                name=node.name,
                max_points=node.max_points,
                method=node.method,
                guidance=node.guidance,
                order=node.order,
                level=node.level,
                is_leaf=node.is_leaf,
            )
            for node in nodes
            if node.level == level
        ]
        created = FrameworkNode.objects.bulk_create(batch)
        for old, new in zip(
            [n for n in nodes if n.level == level], created, strict=True
        ):
            new_by_old[old.pk] = new
    return copy


def _default_copy_name(framework: Framework, year: int) -> str:
    if str(framework.year) in framework.name:
        return framework.name.replace(str(framework.year), str(year))
    return f"{framework.name} ({year})"


@transaction.atomic
def framework_delete(*, framework: Framework, actor) -> None:
    """Delete a framework that nothing refers to yet (no assessment)."""
    require(policies.may_delete_framework(actor, framework))
    if Assessment.objects.filter(framework=framework).exists():
        raise ValidationError(_("The framework has assessments; it cannot be deleted."))
    try:
        with transaction.atomic():
            for level in (NodeLevel.SUBCRITERION, NodeLevel.CRITERION, NodeLevel.FIELD):
                framework.nodes.filter(level=level).delete()
            framework.delete()
    except ProtectedError:
        raise ValidationError(
            _(
                "Inspection findings refer to nodes of this framework; it cannot be deleted."
            )
        )
