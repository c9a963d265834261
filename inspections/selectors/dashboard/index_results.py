"""Index results on the dashboards: the latest published results per group
(average, change, ranking, field sub-indices) and an agency's latest
scorecard, through the publication rules of indices.policies."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, Q

from indices.models import (
    Agency,
    AgencyGroup,
    Assessment,
    Framework,
    FrameworkNode,
    NodeScore,
)
from indices.policies import ResultsView
from indices.selectors import (
    HistoryLine,
    agency_predecessor_map,
    recurring_low_node_codes,
    results_history_for_user,
)

from ...policies.dashboards import require_oversight

LOW_NODES_SHOWN = 10

# Heatmap shades: a cell at or above the first bound of a row gets its level.
HEAT_LEVELS = [
    (Decimal("90"), "high"),
    (Decimal("80"), "good"),
    (Decimal("70"), "fair"),
    (Decimal("0"), "weak"),
]


@dataclass(frozen=True)
class Change:
    """A change of an index between two years, in percentage points."""

    points: Decimal  # signed

    @property
    def size(self) -> Decimal:
        return abs(self.points)

    @property
    def direction(self) -> str:
        return "up" if self.points > 0 else "down" if self.points < 0 else "same"


def change_between(now: Decimal | None, before: Decimal | None) -> Change | None:
    if now is None or before is None:
        return None
    return Change(now - before)


@dataclass(frozen=True)
class HeatCell:
    node: FrameworkNode
    percent: Decimal | None
    is_low: bool

    @property
    def level(self) -> str:
        if self.percent is None:
            return "none"
        return next(name for bound, name in HEAT_LEVELS if self.percent >= bound)


@dataclass(frozen=True)
class HeatRow:
    assessment: Assessment
    cells: list[HeatCell]  # one per field, in tree order

    @property
    def has_breakdown(self) -> bool:
        return any(cell.percent is not None for cell in self.cells)


@dataclass
class GroupIndex:
    """The latest published results of one agency group (year ≤ the chosen year)."""

    framework: Framework
    previous: Framework | None  # the group's published results of the year before
    rows: list[Assessment]  # rank order, agencies preloaded
    fields: list[FrameworkNode]
    heatmap: list[HeatRow]

    @property
    def group(self) -> str:
        return self.framework.group

    @property
    def label(self) -> str:
        return AgencyGroup(self.framework.group).label

    @property
    def change(self) -> Change | None:
        """The group average's change since the previous year."""
        if self.previous is None:
            return None
        return change_between(
            self.framework.average_percent, self.previous.average_percent
        )

    @property
    def ranked(self) -> list[Assessment]:
        return [row for row in self.rows if row.percent is not None]

    def chart_data(self) -> dict:
        ranked = self.ranked
        return {
            "id": f"ranking-{self.group}",
            "labels": [row.agency.short_name or row.agency.name for row in ranked],
            "data": [row.percent for row in ranked],
            "average": self.framework.average_percent,
        }


@dataclass
class IndexOverview:
    year: int
    groups: list[GroupIndex]
    # Results of a later year (≤ the chosen year) being scored, not yet published.
    unpublished: list[Framework] = field(default_factory=list)


def index_overview_for_user(user, *, year: int) -> IndexOverview:
    """Per group, the latest published index results of `year` or before: the
    average and its change from the year before, the ranking, and each
    agency's field sub-indices (stored on level-1 node scores).

    Only for users who see every agency (field sub-indices are scorecard
    details). Four queries whatever the number of agencies and nodes.
    """
    require_oversight(user)
    frameworks = list(Framework.objects.filter(year__lte=year).order_by("-year"))
    by_key = {(f.group, f.year): f for f in frameworks}
    latest: dict[str, Framework] = {}
    for framework in frameworks:
        if framework.is_published and framework.group not in latest:
            latest[framework.group] = framework
    unpublished = [
        f
        for f in frameworks
        if not f.is_published
        and f.assessed_count
        and (f.group not in latest or f.year > latest[f.group].year)
    ]
    chosen = list(latest.values())
    ids = [f.pk for f in chosen]
    rows: dict[int, list[Assessment]] = {pk: [] for pk in ids}
    for assessment in (
        Assessment.objects.filter(framework_id__in=ids)
        .select_related("agency")
        .order_by(F("rank").asc(nulls_last=True), "agency__name")
    ):
        rows[assessment.framework_id].append(assessment)
    fields: dict[int, list[FrameworkNode]] = {pk: [] for pk in ids}
    for node in FrameworkNode.objects.filter(framework_id__in=ids, level=1).order_by(
        "order"
    ):
        fields[node.framework_id].append(node)
    scores = {
        (assessment_id, node_id): (percent, is_low)
        for assessment_id, node_id, percent, is_low in NodeScore.objects.filter(
            assessment__framework_id__in=ids, node__level=1
        ).values_list("assessment_id", "node_id", "percent", "is_low")
    }
    order = {value: index for index, value in enumerate(AgencyGroup.values)}
    groups = []
    for framework in sorted(chosen, key=lambda f: order[f.group]):
        previous = by_key.get((framework.group, framework.year - 1))
        groups.append(
            GroupIndex(
                framework=framework,
                previous=previous if previous and previous.is_published else None,
                rows=rows[framework.pk],
                fields=fields[framework.pk],
                heatmap=[
                    HeatRow(
                        assessment,
                        [
                            HeatCell(
                                node,
                                *scores.get((assessment.pk, node.pk), (None, False)),
                            )
                            for node in fields[framework.pk]
                        ],
                    )
                    for assessment in rows[framework.pk]
                ],
            )
        )
    return IndexOverview(year=year, groups=groups, unpublished=unpublished)


# --- An agency ---------------------------------------------------------------------------


@dataclass
class ScorecardSummary:
    """The agency's latest results it may see in full, with the low nodes."""

    assessment: Assessment  # framework preloaded
    previous: HistoryLine | None  # the year before (the agency or a predecessor)
    fields: list[NodeScore]  # level-1 sub-indices, tree order
    low: list[NodeScore]  # every low node, tree order
    recurring_codes: set[str]

    @property
    def change(self) -> Change | None:
        """The agency's index change since the year before."""
        if self.previous is None:
            return None
        return change_between(self.assessment.percent, self.previous.assessment.percent)

    @property
    def low_shown(self) -> list[NodeScore]:
        return self.low[:LOW_NODES_SHOWN]

    def chart_data(self) -> dict:
        return {
            "labels": [f"{s.node.code}. {s.node.name}" for s in self.fields],
            "data": [s.percent for s in self.fields],
            "low": [s.is_low for s in self.fields],
        }


def agency_results_for_user(
    user, agency: Agency
) -> tuple[ScorecardSummary | None, list[HistoryLine], list[HistoryLine]]:
    """The agency's latest scorecard the user may see in full (results
    published), the newer results it sees only as self-assessment, and its
    year-over-year lines (predecessors included). Five queries."""
    predecessors = agency_predecessor_map()
    history = results_history_for_user(user, agency, predecessor_map=predecessors)
    own = [line for line in history if not line.is_predecessor]
    latest = next((line for line in own if line.view == ResultsView.FULL), None)
    unpublished = [
        line
        for line in own
        if line.view == ResultsView.SELF
        and (latest is None or line.assessment.year > latest.assessment.year)
    ]
    if latest is None:
        return None, unpublished, history
    assessment = latest.assessment
    scores = list(
        NodeScore.objects.filter(assessment=assessment)
        .filter(Q(node__level=1) | Q(is_low=True))
        .select_related("node")
        .order_by("node__order")
    )
    previous = next(
        (
            line
            for line in history
            if line.view == ResultsView.FULL
            and line.assessment.year == assessment.year - 1
        ),
        None,
    )
    summary = ScorecardSummary(
        assessment=assessment,
        previous=previous,
        fields=[s for s in scores if s.node.level == 1],
        low=[s for s in scores if s.is_low],
        recurring_codes=recurring_low_node_codes(assessment, predecessors),
    )
    return summary, unpublished, history
