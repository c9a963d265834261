"""Import of per-node scores in long format
(`agency,code,self_score,appraised_score,survey_score,not_applicable,note`
[`,explanation`]): empty cells clear the value; nodes not in the file keep
theirs.

The whole file is checked first, row by row (each check below names the
file, the row, the column, what was found and what was expected), and nothing
is saved when any row is bad. The plan of what would change is shown before
saving: the web pages stage the file and confirm it later (staged_scores).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from core import tabular
from core.formatting import shown
from core.policies import require

from ... import policies
from ...models import (
    Agency,
    Assessment,
    AssessmentSource,
    Framework,
    FrameworkNode,
    NodeScore,
)
from ..assessments import open_assessment
from ..results_store import (
    framework_lock_for_scoring,
    store_assessment_results,
    store_group_results,
)
from ..score_entry import ScoreEntry, apply_entries, entry_problems
from .agency_names import AgencyDirectory

SCORES_COLUMNS = [
    "agency",
    "code",
    "self_score",
    "appraised_score",
    "survey_score",
    "not_applicable",
    "note",
]
_SCORE_COLUMNS = ("self_score", "appraised_score", "survey_score")


@dataclass(frozen=True)
class NodeChange:
    node: FrameworkNode
    before: ScoreEntry | None  # None: no score recorded yet
    after: ScoreEntry
    row: int

    @property
    def changed_fields(self) -> list[str]:
        return self.after.changed_fields(self.before or ScoreEntry())


@dataclass
class AgencyPlan:
    agency: Agency
    framework: Framework
    assessment: Assessment | None  # None: opened by the import
    changes: list[NodeChange] = field(default_factory=list)
    unchanged: int = 0


@dataclass
class ScoresImportPlan:
    """What an import of per-node scores will change, agency by agency."""

    filename: str
    year: int
    rows: int
    agencies: list[AgencyPlan]

    @property
    def change_count(self) -> int:
        return sum(len(plan.changes) for plan in self.agencies)


# --- Checking the rows ---------------------------------------------------------------


class _YearScores:
    """What the rows of one year are checked against, read in a few queries."""

    def __init__(self, year: int):
        self.year = year
        self.directory = AgencyDirectory(year)
        self.frameworks = {f.group: f for f in Framework.objects.filter(year=year)}
        self.nodes: dict[tuple[int, str], FrameworkNode] = {
            (node.framework_id, node.code): node
            for node in FrameworkNode.objects.filter(framework__year=year)
        }
        self.assessments = {
            a.agency_id: a
            for a in Assessment.objects.filter(year=year).select_related("framework")
        }
        self.current = {
            (row.assessment_id, row.node_id): row
            for row in NodeScore.objects.filter(
                assessment__year=year, node__is_leaf=True
            )
        }


@dataclass(frozen=True)
class _CheckedRow:
    number: int
    agency: Agency
    framework: Framework
    assessment: Assessment | None
    node: FrameworkNode
    entry: ScoreEntry


def _row_agency(
    table: tabular.Table, row: tabular.Row, known: _YearScores
) -> tuple[Agency | None, list[tabular.CellError]]:
    agency, problem = known.directory.find(row.text("agency"))
    if agency is None:
        return None, [
            table.error(row, "agency", problem or _("the agency name is empty."))
        ]
    return agency, []


def _row_group_problems(
    table: tabular.Table,
    row: tabular.Row,
    known: _YearScores,
    agency: Agency,
    framework: Framework | None,
    assessment: Assessment | None,
) -> list[tabular.CellError]:
    """The agency's group must have an unpublished framework, and its
    assessment (if any) must hold per-node scores."""
    if framework is None:
        message = _(
            "%(year)s has no framework for the group of %(agency)s; create or import it first."
        ) % {"year": known.year, "agency": agency}
    elif framework.is_published:
        message = _(
            "the %(year)s results of “%(group)s” are published; withdraw the publication before importing scores."
        ) % {"year": known.year, "group": framework.get_group_display()}
    elif assessment is not None and assessment.source != AssessmentSource.NODE_SCORES:
        message = _("%(agency)s has only published totals for %(year)s.") % {
            "agency": agency,
            "year": known.year,
        }
    else:
        return []
    return [table.error(row, "agency", message)]


def _row_node(
    table: tabular.Table,
    row: tabular.Row,
    known: _YearScores,
    framework: Framework | None,
) -> tuple[FrameworkNode | None, list[tabular.CellError]]:
    """The node of the row's code: a scored (leaf) node of the framework."""
    if framework is None:
        return None, []
    code = row.text("code")
    node = known.nodes.get((framework.pk, code))
    if node is None:
        return None, [
            table.error(
                row,
                "code",
                _("found “%(code)s”, expected a code of the framework %(framework)s.")
                % {"code": code, "framework": framework},
            )
        ]
    if not node.is_leaf:
        return node, [
            table.error(
                row,
                "code",
                _("%(code)s has sub-criteria; give scores for its sub-criteria.")
                % {"code": code},
            )
        ]
    return node, []


def _row_repeated(
    table: tabular.Table,
    row: tabular.Row,
    agency: Agency | None,
    node: FrameworkNode | None,
    seen: dict[tuple[int, str], int],
) -> list[tabular.CellError]:
    """A node of the agency given on an earlier row too (`seen`: first rows)."""
    if agency is None or node is None:
        return []
    key = (agency.pk, node.code)
    first = seen.setdefault(key, row.number)
    if first == row.number:
        return []
    return [
        table.error(
            row,
            "code",
            _("%(code)s of this agency already appears on row %(other)s.")
            % {"code": node.code, "other": first},
        )
    ]


def _row_entry(
    table: tabular.Table, row: tabular.Row, node: FrameworkNode | None
) -> tuple[ScoreEntry, list[tabular.CellError]]:
    """The row's inputs, each cell read and, for a scored node, checked
    against the node (range, method, decimals)."""
    errors = []
    values: dict[str, object] = {}
    for column in _SCORE_COLUMNS:
        try:
            values[column] = tabular.parse_decimal(row.cells.get(column))
        except tabular.CellProblem as problem:
            errors.append(table.error(row, column, str(problem)))
            values[column] = None
    try:
        values["not_applicable"] = tabular.parse_flag(row.cells.get("not_applicable"))
    except tabular.CellProblem as problem:
        errors.append(table.error(row, "not_applicable", str(problem)))
        values["not_applicable"] = False
    entry = ScoreEntry(
        **values,
        appraiser_note=str(row.cells.get("note") or "").strip(),
        explanation=str(row.cells.get("explanation") or "").strip(),
    )
    if node is not None and node.is_leaf and not errors:
        errors = _entry_range_problems(table, row, node, entry)
        if not errors:
            errors = [
                table.error(row, column, problem)
                for column, problem in entry_problems(node, entry)
            ]
    return entry, errors


def _entry_range_problems(
    table: tabular.Table, row: tabular.Row, node: FrameworkNode, entry: ScoreEntry
) -> list[tabular.CellError]:
    return [
        table.error(
            row,
            column,
            _(
                "found %(found)s, expected a score between 0 and the maximum %(max)s of %(code)s."
            )
            % {
                "found": shown(getattr(entry, column)),
                "max": shown(node.max_points),
                "code": node.code,
            },
        )
        for column in _SCORE_COLUMNS
        if getattr(entry, column) is not None
        and not 0 <= getattr(entry, column) <= node.max_points
    ]


def _row_checked(
    table: tabular.Table,
    row: tabular.Row,
    known: _YearScores,
    seen: dict[tuple[int, str], int],
) -> tuple[_CheckedRow | None, list[tabular.CellError]]:
    """Every check of one row: the row as it will be imported, or its problems."""
    agency, errors = _row_agency(table, row, known)
    framework = known.frameworks.get(agency.group) if agency else None
    assessment = known.assessments.get(agency.pk) if agency else None
    if agency is not None:
        errors += _row_group_problems(table, row, known, agency, framework, assessment)
    node, node_errors = _row_node(table, row, known, framework)
    errors += node_errors
    errors += _row_repeated(table, row, agency, node, seen)
    entry, entry_errors = _row_entry(table, row, node)
    errors += entry_errors
    if errors:
        return None, errors
    return _CheckedRow(row.number, agency, framework, assessment, node, entry), []


def _plan_row(
    plans: dict[int, AgencyPlan], known: _YearScores, checked: _CheckedRow
) -> None:
    plan = plans.setdefault(
        checked.agency.pk,
        AgencyPlan(
            agency=checked.agency,
            framework=checked.framework,
            assessment=checked.assessment,
        ),
    )
    existing = (
        known.current.get((checked.assessment.pk, checked.node.pk))
        if checked.assessment
        else None
    )
    before = ScoreEntry.of(existing) if existing else None
    if before == checked.entry or (before is None and checked.entry == ScoreEntry()):
        plan.unchanged += 1
    else:
        plan.changes.append(
            NodeChange(
                node=checked.node,
                before=before,
                after=checked.entry,
                row=checked.number,
            )
        )


def plan_of(*, data: bytes, filename: str, year: int) -> ScoresImportPlan:
    """What importing the file would change; raises TableInvalid listing every
    bad row. Checks no policy (the services below and staged_scores do)."""
    table = tabular.read_table(data, filename)
    errors = tabular.check_header(
        table, required=SCORES_COLUMNS, optional=["explanation"]
    )
    if errors:
        raise tabular.TableInvalid(errors)
    known = _YearScores(year)
    plans: dict[int, AgencyPlan] = {}
    seen: dict[tuple[int, str], int] = {}
    for row in table.rows:
        checked, row_errors = _row_checked(table, row, known, seen)
        errors.extend(row_errors)
        if checked is not None:
            _plan_row(plans, known, checked)
    if not table.rows:
        errors.append(table.error(None, "", _("the file has no data rows.")))
    if errors:
        raise tabular.TableInvalid(errors)
    for plan in plans.values():
        plan.changes.sort(key=lambda change: change.node.order)
    return ScoresImportPlan(
        filename=filename,
        year=year,
        rows=len(table.rows),
        agencies=sorted(plans.values(), key=lambda p: (p.agency.group, p.agency.name)),
    )


# --- Services ------------------------------------------------------------------------


def index_scores_import_preview(
    *, data: bytes, filename: str, year: int, actor
) -> ScoresImportPlan:
    """Read and check the file and say what an import would change; saves
    nothing. Raises TableInvalid listing every bad row."""
    require(policies.may_enter_scores(actor))
    return plan_of(data=data, filename=filename, year=year)


@transaction.atomic
def index_scores_import(
    *, data: bytes, filename: str, year: int, actor
) -> ScoresImportPlan:
    """Import per-node scores for `year` in one transaction and bring every
    result up to date; returns the plan that was applied.

    Agencies without an assessment for the year get one. Raises TableInvalid
    (nothing saved) when any row is bad.
    """
    require(policies.may_enter_scores(actor))
    plan = plan_of(data=data, filename=filename, year=year)
    # Lock every group in one order (see framework_lock); published ones refuse.
    for framework_id in sorted({p.framework.pk for p in plan.agencies}):
        framework_lock_for_scoring(framework_id)
    touched: dict[int, list[Assessment]] = defaultdict(list)
    nodes_cache: dict[int, dict[int, FrameworkNode]] = {}
    for agency_plan in plan.agencies:
        framework = agency_plan.framework
        nodes = nodes_cache.get(framework.pk)
        if nodes is None:
            nodes = nodes_cache[framework.pk] = {
                n.pk: n for n in framework.nodes.order_by("order")
            }
        assessment = agency_plan.assessment or open_assessment(
            framework=framework,
            agency=agency_plan.agency,
            actor=actor,
            nodes=list(nodes.values()),
        )
        if agency_plan.changes:
            apply_entries(
                assessment=assessment,
                entries={c.node.pk: c.after for c in agency_plan.changes},
                nodes_by_id=nodes,
                actor=actor,
                reason=_("Import of %(file)s") % {"file": filename[:60]},
            )
        assessment.framework = framework
        touched[framework.pk].append(assessment)
    for framework_id, assessments in touched.items():
        store_assessment_results(
            assessments,
            sorted(nodes_cache[framework_id].values(), key=lambda n: n.order),
        )
        store_group_results(assessments[0].framework)
    return plan
