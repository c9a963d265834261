from django.urls import path

from .views import findings, home, inspections, plans, tasks

app_name = "inspections"

urlpatterns = [
    path("", home.HomeView.as_view(), name="home"),
    path("tasks/", tasks.TaskListView.as_view(), name="task_list"),
    path("tasks/<int:task_id>/", tasks.TaskDetailView.as_view(), name="task_detail"),
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
]
