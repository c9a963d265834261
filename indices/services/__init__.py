"""Every write with business meaning on agencies, frameworks and scores.

Each service that changes data takes the acting user (`actor`, keyword) and
asks indices.policies before it writes (PermissionDenied otherwise); commands,
Celery tasks and the demo pass `indices.access.system_actor()`.
"""

from .agencies import (
    agency_code_from_name,
    agency_create,
    agency_deactivate,
    agency_delete,
    agency_delete_refusal,
    agency_update,
    agency_upsert,
)
from .assessments import (
    assessment_open,
    assessment_totals_set,
    assessment_update,
    framework_assessments_open,
)
from .framework_files import (
    framework_csv_bytes,
    framework_import,
    framework_import_upload,
    framework_rows_parse,
    framework_xlsx_bytes,
)
from .framework_nodes import (
    framework_node_add,
    framework_node_remove,
    framework_node_update,
)
from .framework_structure import (
    StructureProblem,
    framework_has_scores,
    framework_validate,
)
from .frameworks import (
    DEFAULT_BANDS,
    framework_bands_set,
    framework_copy,
    framework_create,
    framework_delete,
    framework_settings_update,
    framework_update,
)
from .imports import (
    ScoresImportPlan,
    StagedScoresImport,
    TotalsImportResult,
    index_scores_import,
    index_scores_import_confirm,
    index_scores_import_discard,
    index_scores_import_preview,
    index_scores_import_stage,
    index_scores_import_staged,
    index_totals_import,
)
from .publication import framework_results_publish, framework_results_unpublish
from .reorganisations import reorganisation_record
from .results_store import (
    assessment_recompute,
    assessments_recompute,
    framework_results_recompute,
    framework_scores_recompute,
)
from .score_entry import ScoreEntry, assessment_scores_update

__all__ = [
    "DEFAULT_BANDS",
    "ScoreEntry",
    "ScoresImportPlan",
    "StagedScoresImport",
    "StructureProblem",
    "TotalsImportResult",
    "agency_code_from_name",
    "agency_create",
    "agency_deactivate",
    "agency_delete",
    "agency_delete_refusal",
    "agency_update",
    "agency_upsert",
    "assessment_open",
    "assessment_recompute",
    "assessment_scores_update",
    "assessment_totals_set",
    "assessment_update",
    "assessments_recompute",
    "framework_assessments_open",
    "framework_bands_set",
    "framework_copy",
    "framework_create",
    "framework_csv_bytes",
    "framework_delete",
    "framework_has_scores",
    "framework_import",
    "framework_import_upload",
    "framework_node_add",
    "framework_node_remove",
    "framework_node_update",
    "framework_results_publish",
    "framework_results_recompute",
    "framework_results_unpublish",
    "framework_rows_parse",
    "framework_scores_recompute",
    "framework_settings_update",
    "framework_update",
    "framework_validate",
    "framework_xlsx_bytes",
    "index_scores_import",
    "index_scores_import_confirm",
    "index_scores_import_discard",
    "index_scores_import_preview",
    "index_scores_import_stage",
    "index_scores_import_staged",
    "index_totals_import",
    "reorganisation_record",
]
