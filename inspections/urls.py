from django.urls import path

from .policies.tasks import TaskAction
from .views import (
    calendar_feeds,
    directives,
    findings,
    inspections,
    notifications,
    plans,
    remediation_reports,
    reorganisations,
    task_creation,
    task_workflow,
    tasks,
)

app_name = "inspections"

# (action, path segment, URL name) of each task workflow action.
TASK_ACTION_URLS = [
    (TaskAction.PROGRESS, "progress", "task_progress"),
    (TaskAction.EVIDENCE, "evidence", "task_evidence_add"),
    (TaskAction.SUBMIT, "submit", "task_submit"),
    (TaskAction.VERIFY, "verify", "task_verify"),
    (TaskAction.RETURN, "return", "task_return"),
    (TaskAction.DEADLINE, "deadline", "task_deadline"),
    (TaskAction.REASSIGN, "reassign", "task_reassign"),
    (TaskAction.CANCEL, "cancel", "task_cancel"),
]

urlpatterns = [
    path("tasks/", tasks.TaskListView.as_view(), name="task_list"),
    path(
        "tasks/<int:task_id>/",
        task_workflow.TaskDetailView.as_view(),
        name="task_detail",
    ),
    # Remediation tasks: workflow, creation, export.
    path("tasks/export.xlsx", tasks.TaskExportView.as_view(), name="task_export"),
    path(
        "tasks/from-low-scores/",
        task_creation.LowScoreTasksView.as_view(),
        name="task_create_from_low_scores",
    ),
    # One view serves every workflow action (task_workflow.OPERATIONS).
    *(
        path(
            f"tasks/<int:task_id>/{segment}/",
            task_workflow.TaskActionView.as_view(action=action),
            name=name,
        )
        for action, segment, name in TASK_ACTION_URLS
    ),
    path(
        "evidence/<int:evidence_id>/",
        task_workflow.EvidenceDownloadView.as_view(),
        name="evidence_download",
    ),
    path(
        "evidence/<int:evidence_id>/delete/",
        task_workflow.EvidenceDeleteView.as_view(),
        name="evidence_delete",
    ),
    path(
        "findings/<int:finding_id>/tasks/new/",
        task_creation.TaskFromFindingView.as_view(),
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

# Inspection plans, inspections and findings.
urlpatterns += [
    path("plans/", plans.PlanListView.as_view(), name="plan_list"),
    path("plans/new/", plans.PlanCreateView.as_view(), name="plan_create"),
    path("plans/<int:plan_id>/", plans.PlanDetailView.as_view(), name="plan_detail"),
    path(
        "plans/<int:plan_id>/edit/", plans.PlanUpdateView.as_view(), name="plan_update"
    ),
    path(
        "plans/<int:plan_id>/targets/",
        plans.PlanTargetsView.as_view(),
        name="plan_targets",
    ),
    path(
        "plans/<int:plan_id>/approve/",
        plans.PlanApproveView.as_view(),
        name="plan_approve",
    ),
    path(
        "plans/<int:plan_id>/items/new/",
        plans.PlanItemCreateView.as_view(),
        name="plan_item_create",
    ),
    path(
        "plans/<int:plan_id>/suggestions/add/",
        plans.PlanSuggestionAddView.as_view(),
        name="plan_suggestion_add",
    ),
    path(
        "plans/<int:plan_id>/export.xlsx",
        plans.PlanExportView.as_view(),
        name="plan_export",
    ),
    path(
        "inspections/", inspections.InspectionListView.as_view(), name="inspection_list"
    ),
    path(
        "inspections/export.xlsx",
        inspections.InspectionExportView.as_view(),
        name="inspection_export",
    ),
    path(
        "inspections/new/",
        inspections.InspectionCreateView.as_view(),
        name="inspection_create",
    ),
    path(
        "inspections/<int:inspection_id>/",
        inspections.InspectionDetailView.as_view(),
        name="inspection_detail",
    ),
    path(
        "inspections/<int:inspection_id>/edit/",
        inspections.InspectionUpdateView.as_view(),
        name="inspection_update",
    ),
    path(
        "inspections/<int:inspection_id>/conduct/",
        inspections.InspectionConductView.as_view(),
        name="inspection_conduct",
    ),
    path(
        "inspections/<int:inspection_id>/conclude/",
        inspections.InspectionConcludeView.as_view(),
        name="inspection_conclude",
    ),
    path(
        "inspections/<int:inspection_id>/cancel/",
        inspections.InspectionCancelView.as_view(),
        name="inspection_cancel",
    ),
    path(
        "inspections/<int:inspection_id>/delete/",
        inspections.InspectionDeleteView.as_view(),
        name="inspection_delete",
    ),
    path(
        "inspections/<int:inspection_id>/conclusion-notice/",
        inspections.InspectionConclusionDownloadView.as_view(),
        name="inspection_conclusion_download",
    ),
    path(
        "inspections/<int:inspection_id>/findings/new/",
        findings.FindingCreateView.as_view(),
        name="finding_create",
    ),
    path(
        "findings/<int:finding_id>/",
        findings.FindingDetailView.as_view(),
        name="finding_detail",
    ),
    path(
        "findings/<int:finding_id>/edit/",
        findings.FindingUpdateView.as_view(),
        name="finding_update",
    ),
    path(
        "findings/<int:finding_id>/delete/",
        findings.FindingDeleteView.as_view(),
        name="finding_delete",
    ),
    path(
        "notifications/",
        notifications.NotificationListView.as_view(),
        name="notification_list",
    ),
    path(
        "notifications/<int:notification_id>/read/",
        notifications.notification_read,
        name="notification_read",
    ),
    path(
        "notifications/read-all/",
        notifications.notification_read_all,
        name="notification_read_all",
    ),
    path("calendar/", calendar_feeds.CalendarFeedView.as_view(), name="calendar_feed"),
    path(
        "calendar/new-address/",
        calendar_feeds.calendar_feed_regenerate_view,
        name="calendar_feed_regenerate",
    ),
    path(
        "calendar/revoke/",
        calendar_feeds.calendar_feed_revoke_view,
        name="calendar_feed_revoke",
    ),
    path(
        "calendar/<str:token>.ics",
        calendar_feeds.calendar_feed_ics,
        name="calendar_feed_ics",
    ),
]

# Reports on remediation: status per agency (page, XLSX, PDF), overdue list.
urlpatterns += [
    path(
        "remediation/status/",
        remediation_reports.RemediationStatusView.as_view(),
        name="remediation_status",
    ),
    path(
        "remediation/status/export.xlsx",
        remediation_reports.RemediationStatusExportView.as_view(),
        name="remediation_status_export",
    ),
    path(
        "remediation/status/report.pdf",
        remediation_reports.RemediationStatusPdfView.as_view(),
        name="remediation_status_pdf",
    ),
    path(
        "tasks/overdue.xlsx",
        remediation_reports.OverdueExportView.as_view(),
        name="overdue_export",
    ),
]
