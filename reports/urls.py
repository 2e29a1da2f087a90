from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("reports/", views.ReportListView.as_view(), name="report-list"),
    path("reports/request/", views.report_request, name="report-request"),
    path("reports/<int:pk>/", views.report_detail, name="report-detail"),
    path("reports/<int:pk>/status/", views.report_status, name="report-status"),
    path("reports/<int:pk>/download/", views.report_download, name="report-download"),
    path("reports/<int:pk>/download/word/", views.report_download_word, name="report-download-word"),
    path("reports/<int:pk>/retry/", views.report_retry, name="report-retry"),
    path("reports/narrative/<int:pk>/<str:language>/", views.narrative_edit, name="narrative-edit"),
    path(
        "reports/narrative/<int:pk>/<str:language>/from-previous/",
        views.narrative_from_previous,
        name="narrative-from-previous",
    ),
]
