"""The structure of a framework: whether scores have fixed it, and what is
wrong with it (maxima that do not add up, nodes without points).

The structure (nodes and their maxima and methods) is locked once any score
has been recorded against the framework: results already computed must keep
meaning what they meant. Next year starts from a copy.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from core.formatting import shown

from ..models import AssessmentSource, Framework, FrameworkNode, NodeScore


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


def require_unlocked(framework: Framework) -> None:
    if framework_has_scores(framework):
        raise ValidationError(
            _(
                "The framework %(framework)s already has scores, so its structure can "
                "no longer change. Copy it to start a new version."
            )
            % {"framework": framework}
        )


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
