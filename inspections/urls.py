from django.urls import path

from .views import directives, home, reorganisations, tasks

app_name = "inspections"

urlpatterns = [
    path("", home.HomeView.as_view(), name="home"),
    path("tasks/", tasks.TaskListView.as_view(), name="task_list"),
    path("tasks/<int:task_id>/", tasks.TaskDetailView.as_view(), name="task_detail"),
    # Remediation tasks: workflow, creation, export.
    path("tasks/export.xlsx", tasks.TaskExportView.as_view(), name="task_export"),
    path(
        "tasks/from-low-scores/",
        tasks.LowScoreTasksView.as_view(),
        name="task_create_from_low_scores",
    ),
    path(
        "tasks/<int:task_id>/progress/",
        tasks.TaskProgressView.as_view(),
        name="task_progress",
    ),
    path(
        "tasks/<int:task_id>/evidence/",
        tasks.TaskEvidenceUploadView.as_view(),
        name="task_evidence_add",
    ),
    path(
        "tasks/<int:task_id>/submit/",
        tasks.TaskSubmitView.as_view(),
        name="task_submit",
    ),
    path(
        "tasks/<int:task_id>/verify/",
        tasks.TaskVerifyView.as_view(),
        name="task_verify",
    ),
    path(
        "tasks/<int:task_id>/return/",
        tasks.TaskReturnView.as_view(),
        name="task_return",
    ),
    path(
        "tasks/<int:task_id>/deadline/",
        tasks.TaskDeadlineView.as_view(),
        name="task_deadline",
    ),
    path(
        "tasks/<int:task_id>/reassign/",
        tasks.TaskReassignView.as_view(),
        name="task_reassign",
    ),
    path(
        "tasks/<int:task_id>/cancel/",
        tasks.TaskCancelView.as_view(),
        name="task_cancel",
    ),
    path(
        "evidence/<int:evidence_id>/",
        tasks.EvidenceDownloadView.as_view(),
        name="evidence_download",
    ),
    path(
        "findings/<int:finding_id>/tasks/new/",
        tasks.TaskFromFindingView.as_view(),
        name="task_create_from_finding",
    ),
    # The chair's directives.
    path("directives/", directives.DirectiveListView.as_view(), name="directive_list"),
    path(
        "directives/new/",
        directives.DirectiveCreateView.as_view(),
        name="directive_create",
    ),
    path(
        "directives/<int:directive_id>/",
        directives.DirectiveDetailView.as_view(),
        name="directive_detail",
    ),
    path(
        "directives/<int:directive_id>/assign/",
        directives.DirectiveAssignView.as_view(),
        name="directive_assign",
    ),
    path(
        "directives/<int:directive_id>/file/",
        directives.DirectiveFileView.as_view(),
        name="directive_file",
    ),
    # Agency reorganisations and the tasks they move.
    path(
        "reorganisations/new/",
        reorganisations.ReorganisationCreateView.as_view(),
        name="reorganisation_create",
    ),
    path(
        "reorganisations/<int:reorganisation_id>/tasks/",
        reorganisations.ReorganisationTasksView.as_view(),
        name="reorganisation_tasks",
    ),
]
