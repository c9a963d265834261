"""Imports of index results from CSV/XLSX files.

Both imports read and check the whole file first and save nothing when any row
is bad: every error names the file, the row (header = row 1) and the column,
what was found and what was expected.

- `totals`: published totals (`agency,group,score,max_score[,percent]`) for
  years known only by their totals.
- `scores`: per-node scores in long format, previewed before they are saved
  (`staged_scores`: the upload kept between the preview and the confirmation).
"""

from .scores import (
    SCORES_COLUMNS,
    AgencyPlan,
    NodeChange,
    ScoresImportPlan,
    index_scores_import,
    index_scores_import_preview,
)
from .staged_scores import (
    StagedScoresImport,
    index_scores_import_confirm,
    index_scores_import_discard,
    index_scores_import_stage,
    index_scores_import_staged,
)
from .totals import TOTALS_COLUMNS, TotalsImportResult, index_totals_import

__all__ = [
    "SCORES_COLUMNS",
    "TOTALS_COLUMNS",
    "AgencyPlan",
    "NodeChange",
    "ScoresImportPlan",
    "StagedScoresImport",
    "TotalsImportResult",
    "index_scores_import",
    "index_scores_import_confirm",
    "index_scores_import_discard",
    "index_scores_import_preview",
    "index_scores_import_stage",
    "index_scores_import_staged",
    "index_totals_import",
]
