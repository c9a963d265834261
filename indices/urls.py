from django.urls import path

from . import views

app_name = "indices"

urlpatterns = [
    path("agencies/", views.AgencyListView.as_view(), name="agency_list"),
    path(
        "agencies/<int:agency_id>/",
        views.AgencyDetailView.as_view(),
        name="agency_detail",
    ),
]
