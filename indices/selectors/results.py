"""Reads of index results: rankings, scorecards, year-over-year lines and the
report of a year. Every read applies the publication rules of
`indices.policies` (who sees which results)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, QuerySet
from django.http import Http404

from .. import arithmetic
from ..access import can_see_agency, own_agency_id, sees_all_agencies
from ..models import (
    Agency,
    AgencyGroup,
    Assessment,
    Band,
    Framework,
    NodeScore,
    ResultsState,
    ScoringMethod,
)
from ..policies import ResultsView, assessment_view, ranking_view, summary_visible
from .lineage import agency_lineage_ids, agency_predecessor_map
from .low_scores import recurring_low_node_codes

# ?sort= values the ranking accepts, and the ordering each stands for.
RANKING_SORTS: dict[str, list] = {
    "rank": [F("rank").asc(nulls_last=True), "agency__name"],
    "-rank": [F("rank").desc(nulls_last=True), "agency__name"],
    "name": ["agency__name"],
    "-name": ["-agency__name"],
    "percent": [F("percent").asc(nulls_last=True), "agency__name"],
    "-percent": [F("percent").desc(nulls_last=True), "agency__name"],
}
SELF_SORT = {"percent": "self_percent", "-percent": "-self_percent"}


def result_years() -> list[int]:
    return list(
        Framework.objects.order_by("-year").values_list("year", flat=True).distinct()
    )


def framework_for_year(year: int, group: str) -> Framework | None:
    return (
        Framework.objects.filter(year=year, group=group)
        .prefetch_related("bands")
        .first()
    )


def default_ranking_choice(user) -> tuple[int | None, str]:
    """The year and group a ranking page opens on: the latest published results
    (any results for Sở Nội vụ staff), in the user's own group when it has one."""
    frameworks = Framework.objects.filter(assessed_count__gt=0).order_by("-year")
    latest = None
    if not sees_all_agencies(user):
        latest = frameworks.filter(results_state=ResultsState.PUBLISHED).first()
    latest = latest or frameworks.first()
    agency = getattr(user, "agency", None)
    group = agency.group if agency is not None else AgencyGroup.DEPARTMENT
    return (latest.year if latest else None), group


@dataclass
class Ranking:
    year: int
    group: str
    framework: Framework | None
    view: ResultsView | None
    rows: list[Assessment]
    bands: list[Band]
    sort: str
    band: str
    total: int = 0  # rows before the band filter

    @property
    def is_full(self) -> bool:
        return self.view == ResultsView.FULL


def ranking_for_user(
    user, *, year: int, group: str, sort: str = "rank", band: str = ""
) -> Ranking:
    """The group's results for the year as the user may see them.

    Full view: every assessment with its agency (one query, whatever the number
    of agencies). Self view (agency user, results not published): only the
    user's agency, to show its self-assessed total.
    """
    sort = sort if sort in RANKING_SORTS else "rank"
    framework = framework_for_year(year, group)
    if framework is None:
        return Ranking(year, group, None, None, [], [], sort, band)
    view = ranking_view(user, framework)
    bands = list(framework.bands.all())
    assessments = framework.assessments.select_related("agency")
    if view == ResultsView.FULL:
        order = RANKING_SORTS[sort]
    elif view == ResultsView.SELF:
        assessments = assessments.filter(agency_id=own_agency_id(user))
        order = ["agency__name"]
        band = ""
    else:
        return Ranking(year, group, framework, None, [], bands, sort, band)
    rows = list(assessments.order_by(*order))
    total = len(rows)
    if band and view == ResultsView.FULL:
        rows = [row for row in rows if row.band_label == band]
    return Ranking(year, group, framework, view, rows, bands, sort, band, total)


# --- Scorecard -----------------------------------------------------------------------


@dataclass
class ScorecardRow:
    score: NodeScore
    self_points: Decimal
    self_max: Decimal
    recurring: bool

    @property
    def node(self):
        return self.score.node

    @property
    def is_survey(self) -> bool:
        return self.score.node.method == ScoringMethod.SURVEY


@dataclass
class HistoryLine:
    assessment: Assessment
    view: ResultsView
    is_predecessor: bool
    # Whether the user may open that year's scorecard (a predecessor's belongs
    # to another agency: its figures show here, its detail does not).
    can_open: bool = True


@dataclass
class Scorecard:
    assessment: Assessment
    view: ResultsView
    rows: list[ScorecardRow]
    history: list[HistoryLine] = field(default_factory=list)

    @property
    def is_full(self) -> bool:
        return self.view == ResultsView.FULL

    @property
    def low_rows(self) -> list[ScorecardRow]:
        return [row for row in self.rows if row.score.is_low]

    @property
    def fields(self) -> list[ScorecardRow]:
        return [row for row in self.rows if row.node.level == 1]


def assessment_get_for_user(user, assessment_id: int) -> tuple[Assessment, ResultsView]:
    """The assessment with agency and framework, and how the user sees it; 404
    when it does not exist or belongs to an agency the user may not see."""
    assessment = (
        Assessment.objects.select_related("agency", "framework")
        .filter(pk=assessment_id)
        .first()
    )
    view = assessment_view(user, assessment) if assessment else None
    if view is None:
        raise Http404
    return assessment, view


def scorecard_for_user(user, assessment_id: int) -> Scorecard:
    """The field → criterion → sub-criterion breakdown of an assessment.

    Seven queries whatever the number of nodes or agencies: assessment, node
    scores with nodes, lineage (two), previous year's low codes, year-over-year
    assessments with frameworks and agencies.
    """
    assessment, view = assessment_get_for_user(user, assessment_id)
    scores = list(
        NodeScore.objects.filter(assessment=assessment)
        .select_related("node")
        .order_by("node__order")
    )
    predecessor_map = agency_predecessor_map()
    recurring = (
        recurring_low_node_codes(assessment, predecessor_map)
        if view == ResultsView.FULL
        else set()
    )
    self_results = arithmetic.compute_tree(
        [
            arithmetic.TreeNode(
                s.node_id,
                s.node.parent_id,
                s.node.max_points,
                s.node.method,
                s.node.is_leaf,
            )
            for s in scores
        ],
        {
            s.node_id: arithmetic.LeafScores(
                self_score=s.self_score, not_applicable=s.not_applicable
            )
            for s in scores
        },
        low_threshold=Decimal(0),
    ).nodes
    rows = [
        ScorecardRow(
            score=s,
            self_points=self_results[s.node_id].self_points,
            self_max=self_results[s.node_id].self_max,
            recurring=s.is_low and s.node.code in recurring,
        )
        for s in scores
    ]
    history = results_history_for_user(
        user, assessment.agency, predecessor_map=predecessor_map
    )
    return Scorecard(assessment=assessment, view=view, rows=rows, history=history)


def results_history_for_user(
    user, agency: Agency, *, predecessor_map: dict[int, set[int]] | None = None
) -> list[HistoryLine]:
    """Year-over-year results of the agency and its predecessors (old scores
    stay with the old agency), newest first, as the user may see them.
    One query (plus two for the lineage when no map is given)."""
    lineage = agency_lineage_ids(agency.pk, predecessor_map)
    lines = []
    for assessment in (
        Assessment.objects.filter(agency_id__in=lineage)
        .select_related("agency", "framework")
        .order_by("-year", "agency__name")
    ):
        view = summary_visible(user, assessment)
        if view is not None:
            lines.append(
                HistoryLine(
                    assessment,
                    view,
                    is_predecessor=assessment.agency_id != agency.pk,
                    can_open=can_see_agency(user, assessment.agency_id),
                )
            )
    return lines


# --- Report of a year ------------------------------------------------------------------


@dataclass
class GroupReport:
    framework: Framework
    rows: list[Assessment]

    @property
    def group(self) -> str:
        return self.framework.group

    @property
    def ranked(self) -> list[Assessment]:
        return [row for row in self.rows if row.percent is not None]

    @property
    def average(self) -> Decimal | None:
        return self.framework.average_percent

    @property
    def highest(self) -> list[Assessment]:
        ranked = self.ranked
        top = max((r.percent for r in ranked), default=None)
        return [r for r in ranked if r.percent == top]

    @property
    def lowest(self) -> list[Assessment]:
        ranked = self.ranked
        bottom = min((r.percent for r in ranked), default=None)
        return [r for r in ranked if r.percent == bottom]


def results_report(year: int, *, group: str = "") -> list[GroupReport]:
    """Every group's results of the year in rank order (two queries). For
    Sở Nội vụ interfaces (commands, exports): no per-user narrowing here."""
    frameworks = Framework.objects.filter(year=year)
    if group:
        frameworks = frameworks.filter(group=group)
    frameworks = {f.pk: f for f in frameworks}
    rows: dict[int, list[Assessment]] = {pk: [] for pk in frameworks}
    for assessment in (
        Assessment.objects.filter(framework_id__in=frameworks)
        .select_related("agency")
        .order_by(F("rank").asc(nulls_last=True), "agency__name")
    ):
        rows[assessment.framework_id].append(assessment)
    order = {value: index for index, value in enumerate(AgencyGroup.values)}
    return [
        GroupReport(framework=frameworks[pk], rows=rows[pk])
        for pk in sorted(frameworks, key=lambda pk: order[frameworks[pk].group])
        if rows[pk]
    ]


def assessments_of_framework(framework: Framework) -> QuerySet[Assessment]:
    """The framework's assessments with agencies, for Sở Nội vụ pages."""
    return framework.assessments.select_related("agency").order_by("agency__name")


def score_entry_rows(assessment: Assessment) -> list[NodeScore]:
    """The scored (leaf) rows of an assessment in tree order, with nodes."""
    return list(
        NodeScore.objects.filter(assessment=assessment, node__is_leaf=True)
        .select_related("node")
        .order_by("node__order")
    )


def node_score_history(assessment: Assessment, *, limit: int = 30) -> list:
    """The latest recorded changes of the assessment's scores (one query)."""
    return list(
        NodeScore.history.filter(assessment_id=assessment.pk)
        .select_related("history_user", "node")
        .order_by("-history_date")[:limit]
    )


def agencies_without_assessment(framework: Framework) -> QuerySet[Agency]:
    """Agencies of the framework's group active in its year with no assessment."""
    return (
        Agency.objects.active_in_year(framework.year)
        .filter(group=framework.group)
        .exclude(assessments__year=framework.year)
        .order_by("name")
    )
