"""XLSX sheets of the inspections app, one module per concept (plans and
inspections; tasks and remediation). Views import this package."""

from .plans import inspection_list_sheet, plan_heading_lines, plan_sheets
from .tasks import (
    overdue_sheet,
    remediation_definitions,
    remediation_scope_line,
    remediation_status_sheet,
    status_columns,
    task_board_sheet,
    task_source_reference,
)

__all__ = [
    "inspection_list_sheet",
    "overdue_sheet",
    "plan_heading_lines",
    "plan_sheets",
    "remediation_definitions",
    "remediation_scope_line",
    "remediation_status_sheet",
    "status_columns",
    "task_board_sheet",
    "task_source_reference",
]
