"""Import of the published totals of a year (header
`agency,group,score,max_score[,percent]`), for years known only by their
totals. The whole file is checked first; nothing is saved when a row is bad."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import tabular
from core.formatting import shown
from core.policies import require

from ... import arithmetic, policies
from ...models import Agency, AgencyGroup, Framework
from ..agencies import agency_code_from_name, agency_upsert
from ..assessments import assessment_totals_set
from ..frameworks import framework_create
from ..results_store import framework_lock_for_scoring, store_group_results
from .agency_names import AgencyDirectory, group_of

TOTALS_COLUMNS = ["agency", "group", "score", "max_score"]
PERCENT_TOLERANCE = Decimal("0.01")


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
        group = group_of(row.text("group"))
        agency, row_errors = _row_agency(
            table, row, directory, name=name, group=group, may_create=create_agencies
        )
        row_errors += _row_repeated(table, row, name, seen)
        score, max_score, number_errors = _row_numbers(table, row)
        row_errors += number_errors
        errors.extend(row_errors)
        if not row_errors:
            rows.append(TotalsRow(row.number, name, group, agency, score, max_score))
    if not table.rows:
        errors.append(table.error(None, "", _("the file has no data rows.")))
    if errors:
        raise tabular.TableInvalid(errors)
    return rows


def _row_agency(
    table: tabular.Table,
    row: tabular.Row,
    directory: AgencyDirectory,
    *,
    name: str,
    group: AgencyGroup | None,
    may_create: bool,
) -> tuple[Agency | None, list[tabular.CellError]]:
    """The row's agency (None: unknown, or to be registered) and the problems
    of its agency and group cells."""
    errors = []
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
        may_create and name and not directory.by_key.get(tabular.name_key(name))
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
    return agency, errors


def _row_repeated(
    table: tabular.Table, row: tabular.Row, name: str, seen: dict[str, int]
) -> list[tabular.CellError]:
    """An agency named on an earlier row too (`seen`: name key → first row)."""
    key = tabular.name_key(name)
    errors = []
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
    return errors


def _row_numbers(
    table: tabular.Table, row: tabular.Row
) -> tuple[Decimal | None, Decimal | None, list[tabular.CellError]]:
    """The row's score and maximum, checked (and its percentage, if given)."""
    errors = []
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
    elif score is not None and max_score is not None and not 0 <= score <= max_score:
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
    return score, max_score, errors


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
    actor,
) -> TotalsImportResult:
    """Record published totals for `year`, creating the year's framework of a
    group when it has none (an empty one: only totals are known).

    Unknown agency names are an error unless `create_agencies` (they are then
    registered, in `province` when given). Raises
    TableInvalid (nothing saved) when any row is bad.
    """
    require(policies.may_enter_scores(actor))
    if create_agencies:
        require(policies.may_add_agency(actor))
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
                name=row.name,
                group=row.group,
                code=_free_code(row.name),
                actor=actor,
                **details,
            )
            result.created_agencies.append(agency)
        try:
            _assessment, created = assessment_totals_set(
                framework=framework,
                agency=agency,
                total_points=row.score,
                applicable_max=row.max_score,
                actor=actor,
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
        store_group_results(framework)
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
