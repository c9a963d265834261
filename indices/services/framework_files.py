"""Frameworks as files: one row per node, header
`code,parent_code,name,max_points,method` (optional `guidance`)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from core import tabular
from core.formatting import shown
from core.policies import require
from core.spreadsheets import Column, Sheet, workbook_bytes

from .. import policies
from ..models import AgencyGroup, Framework, FrameworkNode, NodeLevel, ScoringMethod
from . import staged_files
from .framework_nodes import framework_tree_refresh
from .framework_structure import code_sort_key, structure_problems
from .frameworks import framework_create

FRAMEWORK_COLUMNS = ["code", "parent_code", "name", "max_points", "method"]
OPTIONAL_COLUMNS = ["guidance"]

_METHODS = {
    "appraisal": ScoringMethod.APPRAISAL,
    "thẩm định": ScoringMethod.APPRAISAL,
    "tham dinh": ScoringMethod.APPRAISAL,
    "": ScoringMethod.APPRAISAL,
    "survey": ScoringMethod.SURVEY,
    "xhh": ScoringMethod.SURVEY,
    "điều tra xhh": ScoringMethod.SURVEY,
    "điều tra xã hội học": ScoringMethod.SURVEY,
}


@dataclass(frozen=True)
class NodeRow:
    row: int
    code: str
    parent_code: str
    name: str
    max_points: Decimal
    method: str
    guidance: str


def framework_rows_parse(data: bytes, filename: str) -> list[NodeRow]:
    """Read and check a framework file; raises TableInvalid listing every problem
    (including maxima that do not add up)."""
    table = tabular.read_table(data, filename)
    errors = tabular.check_header(
        table, required=FRAMEWORK_COLUMNS, optional=OPTIONAL_COLUMNS
    )
    if errors:
        raise tabular.TableInvalid(errors)
    parsed: list[NodeRow] = []
    rows_by_code: dict[str, tabular.Row] = {}
    for row in table.rows:
        code = row.text("code")
        if not code:
            errors.append(table.error(row, "code", _("the code is empty.")))
        elif code in rows_by_code:
            errors.append(
                table.error(
                    row,
                    "code",
                    _("code %(code)s already appears on row %(other)s.")
                    % {"code": code, "other": rows_by_code[code].number},
                )
            )
        else:
            rows_by_code[code] = row
        name = row.text("name")
        if not name:
            errors.append(table.error(row, "name", _("the name is empty.")))
        try:
            max_points = tabular.parse_decimal(row.cells.get("max_points"))
            if max_points is None:
                raise tabular.CellProblem(_("empty, expected the maximum points."))
            if max_points < 0:
                raise tabular.CellProblem(
                    _("found %(found)s, expected a number of points ≥ 0.")
                    % {"found": shown(max_points)}
                )
        except tabular.CellProblem as problem:
            errors.append(table.error(row, "max_points", str(problem)))
            max_points = Decimal(0)
        method = _METHODS.get(tabular.name_key(row.text("method")))
        if method is None:
            errors.append(
                table.error(
                    row,
                    "method",
                    _("found “%(found)s”, expected “appraisal” or “survey”.")
                    % {"found": row.text("method")},
                )
            )
        parsed.append(
            NodeRow(
                row=row.number,
                code=code,
                parent_code=row.text("parent_code"),
                name=name,
                max_points=max_points,
                method=method or ScoringMethod.APPRAISAL,
                guidance=str(row.cells.get("guidance") or "").strip(),
            )
        )
    if not table.rows:
        errors.append(table.error(None, "", _("the file has no node rows.")))
    errors.extend(_tree_errors(table, parsed))
    if errors:
        raise tabular.TableInvalid(errors)
    return parsed


def _tree_errors(
    table: tabular.Table, parsed: list[NodeRow]
) -> list[tabular.CellError]:
    by_code = {row.code: row for row in parsed if row.code}
    errors = []
    for row in parsed:
        if not row.parent_code:
            continue
        if row.parent_code not in by_code:
            errors.append(
                tabular.CellError(
                    table.filename,
                    row.row,
                    "parent_code",
                    table.letter("parent_code"),
                    _("no node has the code %(code)s.") % {"code": row.parent_code},
                )
            )
            continue
        depth, current, seen = 1, row, {row.code}
        while current.parent_code and current.parent_code in by_code:
            current = by_code[current.parent_code]
            depth += 1
            if current.code in seen or depth > NodeLevel.SUBCRITERION:
                errors.append(
                    tabular.CellError(
                        table.filename,
                        row.row,
                        "parent_code",
                        table.letter("parent_code"),
                        _(
                            "the tree has at most three levels (field, criterion, sub-criterion)."
                        )
                        if current.code not in seen
                        else _("the parents form a loop."),
                    )
                )
                break
            seen.add(current.code)
    return errors


@transaction.atomic
def framework_import(
    *,
    data: bytes,
    filename: str,
    year: int,
    group: AgencyGroup | str,
    name: str = "",
    total_points: Decimal = Decimal("100"),
    is_illustrative: bool = False,
    actor,
) -> Framework:
    """Create the year's framework for the group from a file, with default bands.

    Refused (nothing saved) when a row is bad or the maxima do not add up;
    the error lists every problem with its row, column and codes.
    """
    require(policies.may_add_framework(actor))
    rows = framework_rows_parse(data, filename)
    problems = structure_problems(
        [(r.code, r.parent_code or None, r.max_points) for r in rows],
        total_points=total_points,
    )
    if problems:
        raise ValidationError(
            [
                _("%(file)s: %(problem)s") % {"file": filename, "problem": p}
                for p in problems
            ]
        )
    framework = framework_create(
        year=year,
        group=group,
        name=name
        or _("PAR index framework %(year)s – %(group)s")
        % {"year": year, "group": AgencyGroup(group).label},
        total_points=total_points,
        is_illustrative=is_illustrative,
        actor=actor,
    )
    created: dict[str, FrameworkNode] = {}
    pending = sorted(rows, key=lambda r: code_sort_key(r.code))
    for level in (NodeLevel.FIELD, NodeLevel.CRITERION, NodeLevel.SUBCRITERION):
        batch = []
        for row in pending:
            parent = created.get(row.parent_code) if row.parent_code else None
            if row.code in created or (row.parent_code and parent is None):
                continue
            if (parent.level + 1 if parent else NodeLevel.FIELD) != level:
                continue
            batch.append(
                FrameworkNode(
                    framework=framework,
                    parent=parent,
                    code=row.code,
                    name=row.name,
                    max_points=row.max_points,
                    method=row.method,
                    guidance=row.guidance,
                    level=level,
                )
            )
        for node in batch:
            node.full_clean(exclude=["order"])
        for node in FrameworkNode.objects.bulk_create(batch):
            created[node.code] = node
    framework_tree_refresh(framework)
    return framework


def framework_import_upload(*, file: UploadedFile, actor, **options) -> Framework:
    """framework_import of an uploaded file (the site's and the admin's form),
    its size and kind checked first; `options` are framework_import's."""
    require(policies.may_add_framework(actor))
    return framework_import(
        data=staged_files.upload_read(file),
        filename=file.name,
        actor=actor,
        **options,
    )


def framework_export_rows(framework: Framework) -> list[list[object]]:
    nodes = list(framework.nodes.select_related("parent").order_by("order"))
    return [
        [
            node.code,
            node.parent.code if node.parent else "",
            node.name,
            node.max_points,
            node.method,
            node.guidance,
        ]
        for node in nodes
    ]


def framework_csv_bytes(framework: Framework) -> bytes:
    """UTF-8 with a BOM so that Excel shows the Vietnamese names correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([*FRAMEWORK_COLUMNS, *OPTIONAL_COLUMNS])
    for row in framework_export_rows(framework):
        row[3] = tabular.format_decimal(row[3])
        writer.writerow(row)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def framework_xlsx_bytes(framework: Framework) -> bytes:
    return workbook_bytes(
        [
            Sheet(
                title=f"{framework.year} {framework.group}",
                columns=[
                    Column("code", 10),
                    Column("parent_code", 12),
                    Column("name", 70),
                    Column("max_points", 12, "decimal"),
                    Column("method", 12),
                    Column("guidance", 60),
                ],
                rows=framework_export_rows(framework),
            )
        ]
    )
