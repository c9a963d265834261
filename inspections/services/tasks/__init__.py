"""Every write on remediation tasks, one module per concept:

- `creation`: the one write path (`task_create`) and tasks from findings;
- `low_scores`: tasks from a year's low-score flags;
- `workflow`: the agency's progress, evidence and submission;
- `decisions`: Sở Nội vụ's verification, return, deadline, reassignment and
  cancellation;
- `records`: how each write is recorded (row lock and version, history,
  timeline event).

Each operation checks its actor (`inspections.policies.tasks`) and records a
TaskEvent for the task's timeline; django-simple-history keeps the row
versions. Import from this package: `from inspections.services import tasks`.
"""

from .creation import finding_task_defaults, task_create, task_create_from_finding
from .decisions import (
    task_cancel,
    task_deadline_change,
    task_reassign,
    task_return,
    task_verify,
)
from .low_scores import LowScoreTasksResult, tasks_create_from_low_scores
from .records import StaleTaskError
from .workflow import (
    task_evidence_add,
    task_evidence_remove,
    task_progress_report,
    task_submit,
)

__all__ = [
    "LowScoreTasksResult",
    "StaleTaskError",
    "finding_task_defaults",
    "task_cancel",
    "task_create",
    "task_create_from_finding",
    "task_deadline_change",
    "task_evidence_add",
    "task_evidence_remove",
    "task_progress_report",
    "task_reassign",
    "task_return",
    "task_submit",
    "task_verify",
    "tasks_create_from_low_scores",
]
