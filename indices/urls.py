from django.urls import path

from .views import agencies, frameworks, results, scores

app_name = "indices"

urlpatterns = [
    # Agency registry
    path("agencies/", agencies.AgencyListView.as_view(), name="agency_list"),
    path("agencies/new/", agencies.AgencyCreateView.as_view(), name="agency_create"),
    path(
        "agencies/<int:agency_id>/",
        agencies.AgencyDetailView.as_view(),
        name="agency_detail",
    ),
    path(
        "agencies/<int:agency_id>/edit/",
        agencies.AgencyUpdateView.as_view(),
        name="agency_update",
    ),
    path(
        "agencies/<int:agency_id>/deactivate/",
        agencies.AgencyDeactivateView.as_view(),
        name="agency_deactivate",
    ),
    # Results
    path("ranking/", results.RankingView.as_view(), name="ranking"),
    path("ranking/export/", results.RankingExportView.as_view(), name="ranking_export"),
    path(
        "assessments/<int:assessment_id>/",
        results.ScorecardView.as_view(),
        name="scorecard",
    ),
    path(
        "assessments/<int:assessment_id>/export.xlsx",
        results.ScorecardExportView.as_view(),
        name="scorecard_export",
    ),
    path(
        "assessments/<int:assessment_id>/report.pdf",
        results.ScorecardPdfView.as_view(),
        name="scorecard_pdf",
    ),
    path(
        "assessments/<int:assessment_id>/scores/",
        scores.ScoreEntryView.as_view(),
        name="score_entry",
    ),
    path("imports/scores/", scores.ScoresImportView.as_view(), name="scores_import"),
    path(
        "imports/scores/preview/",
        scores.ScoresImportPreviewView.as_view(),
        name="scores_import_preview",
    ),
    # Frameworks
    path("frameworks/", frameworks.FrameworkListView.as_view(), name="framework_list"),
    path(
        "frameworks/new/",
        frameworks.FrameworkCreateView.as_view(),
        name="framework_create",
    ),
    path(
        "frameworks/import/",
        frameworks.FrameworkImportView.as_view(),
        name="framework_import",
    ),
    path(
        "frameworks/<int:framework_id>/",
        frameworks.FrameworkDetailView.as_view(),
        name="framework_detail",
    ),
    path(
        "frameworks/<int:framework_id>/edit/",
        frameworks.FrameworkUpdateView.as_view(),
        name="framework_update",
    ),
    path(
        "frameworks/<int:framework_id>/export/",
        frameworks.FrameworkExportView.as_view(),
        name="framework_export",
    ),
    path(
        "frameworks/<int:framework_id>/copy/",
        frameworks.FrameworkCopyView.as_view(),
        name="framework_copy",
    ),
    path(
        "frameworks/<int:framework_id>/nodes/new/",
        frameworks.NodeCreateView.as_view(),
        name="node_create",
    ),
    path(
        "frameworks/<int:framework_id>/nodes/<int:node_id>/edit/",
        frameworks.NodeUpdateView.as_view(),
        name="node_update",
    ),
    path(
        "frameworks/<int:framework_id>/nodes/<int:node_id>/delete/",
        frameworks.NodeDeleteView.as_view(),
        name="node_delete",
    ),
    path(
        "frameworks/<int:framework_id>/assessments/",
        frameworks.FrameworkAssessmentsView.as_view(),
        name="framework_assessments",
    ),
    path(
        "frameworks/<int:framework_id>/publish/",
        frameworks.FrameworkPublishView.as_view(),
        name="framework_publish",
    ),
    path(
        "frameworks/<int:framework_id>/unpublish/",
        frameworks.FrameworkUnpublishView.as_view(),
        name="framework_unpublish",
    ),
]
