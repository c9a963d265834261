"""The PAR index arithmetic, free of the database so it can be reasoned about
(and property-tested) on its own.

Rules (domain.md §1): a node's points are the sum of its children's; a leaf
scores its survey score (survey nodes) or its appraised score (appraisal
nodes), falling back to the self score while the appraisal is not finished; a
not-applicable leaf is left out and its maximum leaves the applicable maximum
of every ancestor; percent = points ÷ applicable maximum × 100, rounded half-up
to two decimals; ranks within a group are competition ranks (1, 2, 2, 4); the
group average is the mean of the percentages, rounded the same way.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)
CENT = Decimal("0.01")
ZERO = Decimal(0)

APPRAISAL = "appraisal"
SURVEY = "survey"


def quantize(value: Decimal) -> Decimal:
    """Two decimals, half-up: how percentages and points are published."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def percent_of(points: Decimal, maximum: Decimal) -> Decimal | None:
    """points ÷ maximum × 100 rounded half-up, or None when nothing is applicable."""
    if maximum <= 0:
        return None
    return quantize(points * HUNDRED / maximum)


def competition_ranks(percents: Mapping[Hashable, Decimal | None]) -> dict:
    """Rank keys by percent, highest first; ties share a rank (1, 2, 2, 4).

    Keys without a percent get no rank (None).
    """
    ranked = sorted(
        (value for value in percents.values() if value is not None), reverse=True
    )
    first_position: dict[Decimal, int] = {}
    for position, value in enumerate(ranked, start=1):
        first_position.setdefault(value, position)
    return {
        key: (first_position[value] if value is not None else None)
        for key, value in percents.items()
    }


def band_for(percent: Decimal | None, bands: Iterable[tuple[str, Decimal]]) -> str:
    """The label of the highest band whose threshold is at most `percent`."""
    if percent is None:
        return ""
    best: tuple[Decimal, str] | None = None
    for label, threshold in bands:
        if threshold <= percent and (best is None or threshold > best[0]):
            best = (threshold, label)
    return best[1] if best else ""


def group_average(percents: Iterable[Decimal | None]) -> Decimal | None:
    values = [value for value in percents if value is not None]
    if not values:
        return None
    return quantize(sum(values, ZERO) / len(values))


@dataclass(frozen=True)
class TreeNode:
    """A framework node as the arithmetic needs it; nodes come in tree order."""

    id: Hashable
    parent_id: Hashable | None
    max_points: Decimal
    method: str = APPRAISAL
    is_leaf: bool = True


@dataclass(frozen=True)
class LeafScores:
    self_score: Decimal | None = None
    appraised_score: Decimal | None = None
    survey_score: Decimal | None = None
    not_applicable: bool = False


@dataclass(frozen=True)
class NodeResult:
    points: Decimal
    applicable_max: Decimal
    percent: Decimal | None
    is_low: bool
    # The agency's own view: self scores of the appraisal leaves.
    self_points: Decimal
    self_max: Decimal
    # Applicable leaves still waiting for an appraised (or survey) score.
    pending: int


@dataclass(frozen=True)
class TreeResult:
    nodes: dict[Hashable, NodeResult]
    total_points: Decimal
    applicable_max: Decimal
    percent: Decimal | None
    self_total: Decimal
    self_percent: Decimal | None
    is_provisional: bool


def leaf_points(method: str, scores: LeafScores) -> tuple[Decimal, bool]:
    """(points counted for a leaf, whether its final score is still missing)."""
    if scores.not_applicable:
        return ZERO, False
    if method == SURVEY:
        if scores.survey_score is None:
            return ZERO, True
        return scores.survey_score, False
    if scores.appraised_score is not None:
        return scores.appraised_score, False
    return scores.self_score if scores.self_score is not None else ZERO, True


def compute_tree(
    nodes: Sequence[TreeNode],
    scores: Mapping[Hashable, LeafScores],
    *,
    low_threshold: Decimal,
) -> TreeResult:
    """Points, applicable maximum, percent and low flag of every node.

    `nodes` must be in tree order (every parent before its children); leaves
    missing from `scores` count as not yet scored.
    """
    sums: dict[Hashable, list[Decimal]] = {}
    pending_count: dict[Hashable, int] = {}
    results: dict[Hashable, NodeResult] = {}
    empty = LeafScores()
    for node in reversed(nodes):
        if node.is_leaf:
            leaf = scores.get(node.id, empty)
            points, pending = leaf_points(node.method, leaf)
            applicable = ZERO if leaf.not_applicable else node.max_points
            self_counted = not leaf.not_applicable and node.method == APPRAISAL
            own = [
                points,
                applicable,
                (leaf.self_score or ZERO) if self_counted else ZERO,
                node.max_points if self_counted else ZERO,
            ]
            pending_here = int(pending)
        else:
            own = sums.get(node.id, [ZERO, ZERO, ZERO, ZERO])
            pending_here = pending_count.get(node.id, 0)
        points, applicable, self_points, self_max = own
        percent = percent_of(points, applicable)
        results[node.id] = NodeResult(
            points=points,
            applicable_max=applicable,
            percent=percent,
            is_low=percent is not None and percent < low_threshold,
            self_points=self_points,
            self_max=self_max,
            pending=pending_here,
        )
        parent_sums = sums.setdefault(node.parent_id, [ZERO, ZERO, ZERO, ZERO])
        for index, value in enumerate(own):
            parent_sums[index] += value
        pending_count[node.parent_id] = (
            pending_count.get(node.parent_id, 0) + pending_here
        )
    total, applicable, self_total, self_max = sums.get(None, [ZERO, ZERO, ZERO, ZERO])
    return TreeResult(
        nodes=results,
        total_points=total,
        applicable_max=applicable,
        percent=percent_of(total, applicable),
        self_total=self_total,
        self_percent=percent_of(self_total, self_max),
        is_provisional=pending_count.get(None, 0) > 0,
    )
