"""Writes of yearly frameworks: creation, the node tree, bands, validation and
the copy that starts next year.

The structure (nodes and their maxima and methods) is locked once any score
has been recorded against the framework: results already computed must keep
meaning what they meant. Next year starts from a copy.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError, Q
from django.utils.translation import gettext as _

from core.formatting import shown

from ..models import (
    AgencyGroup,
    Assessment,
    AssessmentSource,
    Band,
    Framework,
    FrameworkNode,
    NodeLevel,
    NodeScore,
    ScoringMethod,
)
from .scoring import assessments_recompute, framework_results_recompute

DEFAULT_BANDS: list[tuple[str, Decimal]] = [
    ("Tốt", Decimal("90")),
    ("Khá", Decimal("80")),
    ("Trung bình", Decimal("65")),
    ("Yếu", Decimal("0")),
]
DEFAULT_LOW_SCORE_THRESHOLD = Decimal("70")
_CODE = re.compile(r"^[0-9A-Za-z]+(?:\.[0-9A-Za-z]+)*$")


def code_sort_key(code: str) -> tuple:
    """Natural order of codes: 1.2 before 1.10."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part)
        for part in code.split(".")
    )


def framework_has_scores(framework: Framework) -> bool:
    """Whether any score (or published total) was recorded against the framework."""
    return (
        NodeScore.objects.filter(assessment__framework=framework)
        .filter(
            Q(self_score__isnull=False)
            | Q(appraised_score__isnull=False)
            | Q(survey_score__isnull=False)
            | Q(not_applicable=True)
        )
        .exists()
        or framework.assessments.filter(source=AssessmentSource.TOTALS).exists()
    )


def _require_unlocked(framework: Framework) -> None:
    if framework_has_scores(framework):
        raise ValidationError(
            _(
                "The framework %(framework)s already has scores, so its structure can "
                "no longer change. Copy it to start a new version."
            )
            % {"framework": framework}
        )


def _history_user(instance, actor) -> None:
    if actor is not None:
        instance._history_user = actor


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
    actor=None,
) -> Framework:
    """Create an empty framework for the year and group, with bands (the
    defaults Tốt ≥ 90, Khá ≥ 80, Trung bình ≥ 65, Yếu ≥ 0 when none are given)."""
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
    _history_user(framework, actor)
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
    actor=None,
) -> Framework:
    """Change the framework's settings; a new low-score threshold re-flags every
    assessment, a new total is checked only by validation."""
    threshold_changed = framework.low_score_threshold != low_score_threshold
    framework.name = name.strip()
    framework.decision_reference = decision_reference.strip()
    framework.total_points = total_points
    framework.low_score_threshold = low_score_threshold
    framework.is_illustrative = is_illustrative
    framework.full_clean()
    _history_user(framework, actor)
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
        assessments_recompute(
            assessments=list(framework.assessments.select_related("framework"))
        )
    return framework


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
    *, framework: Framework, bands: Sequence[tuple[str, Decimal]]
) -> Framework:
    """Replace the classification bands and re-band the year's results."""
    _bands_replace(framework, bands)
    return framework_results_recompute(framework=framework)


def framework_tree_refresh(framework: Framework) -> list[FrameworkNode]:
    """Recompute `order` (tree order, siblings by natural code order), `level`
    and `is_leaf` of every node; returns the nodes in tree order."""
    nodes = list(framework.nodes.all())
    children: dict[int | None, list[FrameworkNode]] = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node)
    ordered: list[FrameworkNode] = []
    changed = []

    def visit(parent_id: int | None, level: int) -> None:
        for node in sorted(
            children.get(parent_id, []), key=lambda n: code_sort_key(n.code)
        ):
            new = (len(ordered), level, node.pk not in children)
            if (node.order, node.level, node.is_leaf) != new:
                node.order, node.level, node.is_leaf = new
                changed.append(node)
            ordered.append(node)
            visit(node.pk, level + 1)

    visit(None, NodeLevel.FIELD)
    FrameworkNode.objects.bulk_update(changed, ["order", "level", "is_leaf"])
    return ordered


@transaction.atomic
def framework_node_add(
    *,
    framework: Framework,
    code: str,
    name: str,
    max_points: Decimal,
    parent_code: str = "",
    method: ScoringMethod | str = ScoringMethod.APPRAISAL,
    guidance: str = "",
) -> FrameworkNode:
    """Add a field (no parent), criterion or sub-criterion.

    Refused once the framework has scores. Open assessments get an empty score
    row for the new node and are recomputed.
    """
    _require_unlocked(framework)
    code = code.strip()
    parent = None
    if parent_code.strip():
        parent = framework.nodes.filter(code=parent_code.strip()).first()
        if parent is None:
            raise ValidationError(
                {
                    "parent": _("No node with code %(code)s in this framework.")
                    % {"code": parent_code}
                }
            )
        if parent.level >= NodeLevel.SUBCRITERION:
            raise ValidationError(
                {
                    "parent": _(
                        "%(code)s is a sub-criterion; the tree has at most three levels."
                    )
                    % {"code": parent.code}
                }
            )
    if not _CODE.match(code):
        raise ValidationError(
            {"code": _("Codes are numbers separated by dots, e.g. 1, 1.2 or 1.2.3.")}
        )
    node = FrameworkNode(
        framework=framework,
        parent=parent,
        code=code,
        name=name.strip(),
        max_points=max_points,
        method=method,
        guidance=guidance.strip(),
        level=parent.level + 1 if parent else NodeLevel.FIELD,
    )
    node.full_clean()
    node.save()
    framework_tree_refresh(framework)
    assessments = list(framework.assessments.select_related("framework"))
    if assessments:
        # The parent stops being scored directly: its (empty) inputs no longer count.
        assessments_recompute(assessments=assessments)
        framework_results_recompute(framework=framework)
    node.refresh_from_db()
    return node


@transaction.atomic
def framework_node_update(
    *,
    node: FrameworkNode,
    name: str,
    max_points: Decimal,
    method: ScoringMethod | str,
    guidance: str = "",
) -> FrameworkNode:
    """Change a node. Name and guidance can always be corrected; the maximum
    and the method are structure, refused once the framework has scores."""
    structural = node.max_points != max_points or node.method != method
    if structural:
        _require_unlocked(node.framework)
    node.name = name.strip()
    node.max_points = max_points
    node.method = method
    node.guidance = guidance.strip()
    node.full_clean()
    node.save(update_fields=["name", "max_points", "method", "guidance"])
    if structural:
        assessments = list(node.framework.assessments.select_related("framework"))
        assessments_recompute(assessments=assessments)
        framework_results_recompute(framework=node.framework)
    return node


@transaction.atomic
def framework_node_remove(*, node: FrameworkNode) -> None:
    """Delete the node and its subtree; refused once the framework has scores."""
    framework = node.framework
    _require_unlocked(framework)
    subtree = _subtree_ids(node)
    try:
        with transaction.atomic():
            NodeScore.objects.filter(node_id__in=subtree).delete()
            for level in (NodeLevel.SUBCRITERION, NodeLevel.CRITERION, NodeLevel.FIELD):
                FrameworkNode.objects.filter(pk__in=subtree, level=level).delete()
    except ProtectedError:
        raise ValidationError(
            _("%(code)s is referred to by inspection findings; it cannot be removed.")
            % {"code": node.code}
        )
    framework_tree_refresh(framework)
    assessments = list(framework.assessments.select_related("framework"))
    if assessments:
        assessments_recompute(assessments=assessments)
        framework_results_recompute(framework=framework)


def _subtree_ids(node: FrameworkNode) -> set[int]:
    pairs = list(node.framework.nodes.values_list("pk", "parent_id"))
    found = {node.pk}
    grew = True
    while grew:
        grew = False
        for pk, parent_id in pairs:
            if parent_id in found and pk not in found:
                found.add(pk)
                grew = True
    return found


@dataclass(frozen=True)
class StructureProblem:
    codes: tuple[str, ...]
    message: str

    def __str__(self) -> str:
        return self.message


def framework_validate(framework: Framework) -> list[StructureProblem]:
    """Every structural problem: children not adding up to their parent, fields
    not adding up to the framework total, criteria without points."""
    nodes = list(framework.nodes.order_by("order"))
    return structure_problems(
        [
            (n.code, n.parent_id and _code_of(nodes, n.parent_id), n.max_points)
            for n in nodes
        ],
        total_points=framework.total_points,
    )


def _code_of(nodes: Sequence[FrameworkNode], pk: int) -> str:
    return next(n.code for n in nodes if n.pk == pk)


def structure_problems(
    rows: Sequence[tuple[str, str | None, Decimal]], *, total_points: Decimal
) -> list[StructureProblem]:
    """Problems of a tree given as (code, parent code, maximum) rows."""
    problems = []
    if not rows:
        return [StructureProblem((), _("The framework has no fields yet."))]
    children: dict[str | None, list[tuple[str, Decimal]]] = {}
    maxima = {}
    for code, parent_code, max_points in rows:
        children.setdefault(parent_code or None, []).append((code, max_points))
        maxima[code] = max_points
    fields = children.get(None, [])
    field_sum = sum((m for _c, m in fields), Decimal(0))
    if field_sum != total_points:
        problems.append(
            StructureProblem(
                tuple(code for code, _m in fields),
                _(
                    "The fields add up to %(sum)s points; the framework total is %(total)s (fields %(codes)s)."
                )
                % {
                    "sum": shown(field_sum),
                    "total": shown(total_points),
                    "codes": ", ".join(code for code, _m in fields),
                },
            )
        )
    for code, _parent, max_points in rows:
        kids = children.get(code)
        if not kids:
            continue
        kid_sum = sum((m for _c, m in kids), Decimal(0))
        if kid_sum != max_points:
            kid_codes = tuple(
                c for c, _m in sorted(kids, key=lambda k: code_sort_key(k[0]))
            )
            problems.append(
                StructureProblem(
                    (code, *kid_codes),
                    _(
                        "%(code)s: its parts %(children)s add up to %(sum)s points, but its maximum is %(max)s."
                    )
                    % {
                        "code": code,
                        "children": ", ".join(kid_codes),
                        "sum": shown(kid_sum),
                        "max": shown(max_points),
                    },
                )
            )
    for code, _parent, max_points in rows:
        if max_points == 0:
            problems.append(
                StructureProblem(
                    (code,), _("%(code)s has a maximum of 0 points.") % {"code": code}
                )
            )
    return problems


@transaction.atomic
def framework_copy(
    *,
    framework: Framework,
    year: int,
    name: str = "",
    group: AgencyGroup | str | None = None,
    actor=None,
) -> Framework:
    """Start another year's framework from this one: nodes, bands, total and
    low-score rule are copied, scores are not. Returns the copy."""
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
def framework_delete(*, framework: Framework) -> None:
    """Delete a framework that nothing refers to yet (no assessment)."""
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
