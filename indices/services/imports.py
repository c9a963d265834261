"""Imports of index results from CSV/XLSX files.

Both imports read and check the whole file first and save nothing when any row
is bad: every error names the file, the row (header = row 1) and the column,
what was found and what was expected.

- Published totals (`agency,group,score,max_score[,percent]`) for years known
  only by their totals.
- Per-node scores in long format
  (`agency,code,self_score,appraised_score,survey_score,not_applicable,note`
  [`,explanation`]); empty cells clear the value; nodes not in the file keep
  theirs. The web import shows the plan (what changes) before saving.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import tabular
from core.formatting import shown

from .. import arithmetic
from ..models import (
    Agency,
    AgencyGroup,
    Assessment,
    AssessmentSource,
    Framework,
    FrameworkNode,
    NodeScore,
)
from .agencies import agency_code_from_name, agency_upsert
from .frameworks import framework_create
from .scoring import (
    ScoreEntry,
    apply_entries,
    assessment_open,
    assessment_totals_set,
    assessments_recompute,
    entry_problems,
    framework_lock_for_scoring,
    framework_results_recompute,
)

TOTALS_COLUMNS = ["agency", "group", "score", "max_score"]
SCORES_COLUMNS = [
    "agency",
    "code",
    "self_score",
    "appraised_score",
    "survey_score",
    "not_applicable",
    "note",
]
PERCENT_TOLERANCE = Decimal("0.01")


# --- Agencies by name --------------------------------------------------------------


class AgencyDirectory:
    """Agencies looked up by name, ignoring case, spacing and Unicode form.

    One query; when several agencies share a name, the one active in the year
    wins.
    """

    def __init__(self, year: int):
        self.year = year
        self.active_ids = set(
            Agency.objects.active_in_year(year).values_list("pk", flat=True)
        )
        self.by_key: dict[str, list[Agency]] = defaultdict(list)
        for agency in Agency.objects.all():
            self.by_key[tabular.name_key(agency.name)].append(agency)

    def find(self, name: str) -> tuple[Agency | None, str]:
        """(agency, problem message)."""
        found = self.by_key.get(tabular.name_key(name), [])
        active = [a for a in found if a.pk in self.active_ids]
        if len(found) == 1:
            agency = found[0]
            if agency.pk not in self.active_ids:
                return None, _("“%(name)s” did not exist in %(year)s.") % {
                    "name": name,
                    "year": self.year,
                }
            return agency, ""
        if len(active) == 1:
            return active[0], ""
        if not found:
            return None, _(
                "found “%(name)s”, expected the name of a registered agency."
            ) % {"name": name}
        return None, _("“%(name)s” matches several agencies (%(codes)s).") % {
            "name": name,
            "codes": ", ".join(a.code for a in found),
        }

    def add(self, agency: Agency) -> None:
        self.by_key[tabular.name_key(agency.name)].append(agency)
        self.active_ids.add(agency.pk)


def _group_of(text: str) -> AgencyGroup | None:
    key = tabular.name_key(text)
    for group in AgencyGroup:
        if key in (group.value, tabular.name_key(str(group.label))):
            return group
    return None


# --- Published totals ----------------------------------------------------------------


@dataclass(frozen=True)
class TotalsRow:
    row: int
    name: str
    group: AgencyGroup
    agency: Agency | None  # None: to be created
    score: Decimal
    max_score: Decimal


@dataclass
class TotalsImportResult:
    created_agencies: list[Agency] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    frameworks: list[Framework] = field(default_factory=list)


def _totals_rows(
    table: tabular.Table, *, year: int, create_agencies: bool
) -> list[TotalsRow]:
    errors = tabular.check_header(table, required=TOTALS_COLUMNS, optional=["percent"])
    if errors:
        raise tabular.TableInvalid(errors)
    directory = AgencyDirectory(year)
    rows, seen = [], {}
    for row in table.rows:
        name = row.text("agency")
        group = _group_of(row.text("group"))
        if group is None:
            errors.append(
                table.error(
                    row,
                    "group",
                    _("found “%(found)s”, expected department, district or commune.")
                    % {"found": row.text("group")},
                )
            )
        agency, problem = (
            directory.find(name) if name else (None, _("the agency name is empty."))
        )
        if agency is None and not (
            create_agencies
            and name
            and not directory.by_key.get(tabular.name_key(name))
        ):
            errors.append(table.error(row, "agency", problem))
        elif agency is not None and group and agency.group != group:
            errors.append(
                table.error(
                    row,
                    "group",
                    _("found “%(found)s”, but %(agency)s is registered as “%(group)s”.")
                    % {
                        "found": row.text("group"),
                        "agency": agency,
                        "group": agency.group,
                    },
                )
            )
        key = tabular.name_key(name)
        if name and key in seen:
            errors.append(
                table.error(
                    row,
                    "agency",
                    _("%(name)s already appears on row %(other)s.")
                    % {"name": name, "other": seen[key]},
                )
            )
        seen.setdefault(key, row.number)
        numbers = {}
        for column in ("score", "max_score"):
            try:
                numbers[column] = tabular.parse_decimal(row.cells.get(column))
                if numbers[column] is None:
                    raise tabular.CellProblem(_("empty, expected a number."))
            except tabular.CellProblem as problem:
                errors.append(table.error(row, column, str(problem)))
        score, max_score = numbers.get("score"), numbers.get("max_score")
        if max_score is not None and not (0 < max_score <= 100):
            errors.append(
                table.error(
                    row,
                    "max_score",
                    _("found %(found)s, expected a maximum above 0 and at most 100.")
                    % {"found": shown(max_score)},
                )
            )
        elif (
            score is not None and max_score is not None and not 0 <= score <= max_score
        ):
            errors.append(
                table.error(
                    row,
                    "score",
                    _(
                        "found %(found)s, expected a score between 0 and the maximum %(max)s."
                    )
                    % {"found": shown(score), "max": shown(max_score)},
                )
            )
        elif score is not None and max_score is not None and "percent" in table.header:
            errors.extend(_percent_check(table, row, score, max_score))
        if not any(e.row == row.number for e in errors):
            rows.append(TotalsRow(row.number, name, group, agency, score, max_score))
    if not table.rows:
        errors.append(table.error(None, "", _("the file has no data rows.")))
    if errors:
        raise tabular.TableInvalid(errors)
    return rows


def _percent_check(table, row, score, max_score) -> list[tabular.CellError]:
    try:
        given = tabular.parse_decimal(row.cells.get("percent"), allow_percent_sign=True)
    except tabular.CellProblem as problem:
        return [table.error(row, "percent", str(problem))]
    if given is None:
        return []
    computed = arithmetic.percent_of(score, max_score)
    if abs(given - computed) > PERCENT_TOLERANCE:
        return [
            table.error(
                row,
                "percent",
                _("found %(found)s, but %(score)s ÷ %(max)s × 100 = %(computed)s.")
                % {
                    "found": shown(given),
                    "score": shown(score),
                    "max": shown(max_score),
                    "computed": shown(computed),
                },
            )
        ]
    return []


@transaction.atomic
def index_totals_import(
    *,
    data: bytes,
    filename: str,
    year: int,
    create_agencies: bool = False,
    province: str = "",
    actor=None,
) -> TotalsImportResult:
    """Record published totals for `year`, creating the year's framework of a
    group when it has none (an empty one: only totals are known).

    Unknown agency names are an error unless `create_agencies` (they are then
    registered, in `province` when given). Raises
    TableInvalid (nothing saved) when any row is bad.
    """
    table = tabular.read_table(data, filename)
    rows = _totals_rows(table, year=year, create_agencies=create_agencies)
    result = TotalsImportResult()
    frameworks: dict[str, Framework] = {
        f.group: f for f in Framework.objects.filter(year=year).order_by("pk")
    }
    try:
        for framework in frameworks.values():
            framework_lock_for_scoring(framework.pk)
    except ValidationError as error:
        raise tabular.TableInvalid(
            [
                table.error(_row_of(table, rows[0].row), "group", m)
                for m in error.messages
            ]
        )
    for row in rows:
        framework = frameworks.get(row.group)
        if framework is None:
            framework = frameworks[row.group] = framework_create(
                year=year,
                group=row.group,
                name=_("PAR index %(year)s – %(group)s (published totals)")
                % {"year": year, "group": row.group.label},
                actor=actor,
            )
        agency = row.agency
        if agency is None:
            details = {"province": province} if province else {}
            agency, _created = agency_upsert(
                name=row.name, group=row.group, code=_free_code(row.name), **details
            )
            result.created_agencies.append(agency)
        try:
            _assessment, created = assessment_totals_set(
                framework=framework,
                agency=agency,
                total_points=row.score,
                applicable_max=row.max_score,
                recompute_group=False,
            )
        except ValidationError as error:
            raise tabular.TableInvalid(
                [
                    table.error(_row_of(table, row.row), "agency", m)
                    for m in error.messages
                ]
            )
        result.created += created
        result.updated += not created
    for framework in frameworks.values():
        framework_results_recompute(framework=framework)
    result.frameworks = list(frameworks.values())
    return result


def _row_of(table: tabular.Table, number: int) -> tabular.Row:
    return next(row for row in table.rows if row.number == number)


def _free_code(name: str) -> str:
    base = agency_code_from_name(name) or "agency"
    code, suffix = base, 2
    while Agency.objects.filter(code=code).exists():
        code = f"{base[:55]}-{suffix}"
        suffix += 1
    return code


# --- Per-node scores -----------------------------------------------------------------


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


def index_scores_import_preview(
    *, data: bytes, filename: str, year: int
) -> ScoresImportPlan:
    """Read and check the file and say what an import would change; saves
    nothing. Raises TableInvalid listing every bad row."""
    table = tabular.read_table(data, filename)
    errors = tabular.check_header(
        table, required=SCORES_COLUMNS, optional=["explanation"]
    )
    if errors:
        raise tabular.TableInvalid(errors)
    directory = AgencyDirectory(year)
    frameworks = {f.group: f for f in Framework.objects.filter(year=year)}
    nodes: dict[tuple[int, str], FrameworkNode] = {
        (node.framework_id, node.code): node
        for node in FrameworkNode.objects.filter(framework__year=year)
    }
    assessments = {
        a.agency_id: a
        for a in Assessment.objects.filter(year=year).select_related("framework")
    }
    current = {
        (row.assessment_id, row.node_id): row
        for row in NodeScore.objects.filter(assessment__year=year, node__is_leaf=True)
    }
    plans: dict[int, AgencyPlan] = {}
    seen: dict[tuple[int, str], int] = {}
    for row in table.rows:
        row_errors = []
        agency, problem = directory.find(row.text("agency"))
        if agency is None:
            row_errors.append(
                table.error(row, "agency", problem or _("the agency name is empty."))
            )
        framework = frameworks.get(agency.group) if agency else None
        assessment = assessments.get(agency.pk) if agency else None
        if agency and framework is None:
            row_errors.append(
                table.error(
                    row,
                    "agency",
                    _(
                        "%(year)s has no framework for the group of %(agency)s; create or import it first."
                    )
                    % {"year": year, "agency": agency},
                )
            )
        elif agency and framework.is_published:
            row_errors.append(
                table.error(
                    row,
                    "agency",
                    _(
                        "the %(year)s results of “%(group)s” are published; withdraw the publication before importing scores."
                    )
                    % {"year": year, "group": framework.get_group_display()},
                )
            )
        elif (
            assessment is not None and assessment.source != AssessmentSource.NODE_SCORES
        ):
            row_errors.append(
                table.error(
                    row,
                    "agency",
                    _("%(agency)s has only published totals for %(year)s.")
                    % {"agency": agency, "year": year},
                )
            )
        code = row.text("code")
        node = nodes.get((framework.pk, code)) if framework else None
        if framework and node is None:
            row_errors.append(
                table.error(
                    row,
                    "code",
                    _(
                        "found “%(code)s”, expected a code of the framework %(framework)s."
                    )
                    % {"code": code, "framework": framework},
                )
            )
        elif node is not None and not node.is_leaf:
            row_errors.append(
                table.error(
                    row,
                    "code",
                    _("%(code)s has sub-criteria; give scores for its sub-criteria.")
                    % {"code": code},
                )
            )
        if agency and node is not None:
            key = (agency.pk, code)
            if key in seen:
                row_errors.append(
                    table.error(
                        row,
                        "code",
                        _("%(code)s of this agency already appears on row %(other)s.")
                        % {"code": code, "other": seen[key]},
                    )
                )
            seen.setdefault(key, row.number)
        entry, entry_errors = _entry_of(table, row, node)
        row_errors.extend(entry_errors)
        errors.extend(row_errors)
        if row_errors:
            continue
        plan = plans.setdefault(
            agency.pk,
            AgencyPlan(agency=agency, framework=framework, assessment=assessment),
        )
        existing = current.get((assessment.pk, node.pk)) if assessment else None
        before = ScoreEntry.of(existing) if existing else None
        if before == entry or (before is None and entry == ScoreEntry()):
            plan.unchanged += 1
        else:
            plan.changes.append(
                NodeChange(node=node, before=before, after=entry, row=row.number)
            )
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


_ENTRY_COLUMNS = {
    "self_score": "self_score",
    "appraised_score": "appraised_score",
    "survey_score": "survey_score",
}


def _entry_of(
    table: tabular.Table, row: tabular.Row, node: FrameworkNode | None
) -> tuple[ScoreEntry, list[tabular.CellError]]:
    errors = []
    values: dict[str, object] = {}
    for column, name in _ENTRY_COLUMNS.items():
        try:
            values[name] = tabular.parse_decimal(row.cells.get(column))
        except tabular.CellProblem as problem:
            errors.append(table.error(row, column, str(problem)))
            values[name] = None
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
        for column, name in _ENTRY_COLUMNS.items():
            value = getattr(entry, name)
            if value is not None and not 0 <= value <= node.max_points:
                errors.append(
                    table.error(
                        row,
                        column,
                        _(
                            "found %(found)s, expected a score between 0 and the maximum %(max)s of %(code)s."
                        )
                        % {
                            "found": shown(value),
                            "max": shown(node.max_points),
                            "code": node.code,
                        },
                    )
                )
        if not errors:
            errors.extend(
                table.error(row, column, problem)
                for column, problem in entry_problems(node, entry)
            )
    return entry, errors


@transaction.atomic
def index_scores_import(
    *, data: bytes, filename: str, year: int, actor=None
) -> ScoresImportPlan:
    """Import per-node scores for `year` in one transaction and bring every
    result up to date; returns the plan that was applied.

    Agencies without an assessment for the year get one. Raises TableInvalid
    (nothing saved) when any row is bad.
    """
    plan = index_scores_import_preview(data=data, filename=filename, year=year)
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
        assessment = agency_plan.assessment or assessment_open(
            framework=framework, agency=agency_plan.agency, nodes=list(nodes.values())
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
        assessments_recompute(
            assessments=assessments,
            nodes=sorted(nodes_cache[framework_id].values(), key=lambda n: n.order),
        )
        framework_results_recompute(framework=assessments[0].framework)
    return plan
