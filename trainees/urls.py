from django.urls import path

from . import lists, views

app_name = "trainees"

urlpatterns = [
    path("trainees/", views.TraineeListView.as_view(), name="trainee-list"),
    path("trainees/merge/", views.trainee_merge, name="trainee-merge"),
    path("trainees/<int:pk>/", views.TraineeDetailView.as_view(), name="trainee-detail"),
    path("trainees/<int:pk>/edit/", views.TraineeUpdateView.as_view(), name="trainee-update"),
    path("activities/<int:pk>/participants/", views.activity_participants, name="activity-participants"),
    path("activities/<int:pk>/headcounts/", views.activity_headcounts, name="activity-headcounts"),
    # Lists in and out.
    path("activities/<int:pk>/import/", lists.participant_import, name="participant-import"),
    path(
        "activities/<int:pk>/import/<int:import_pk>/", lists.participant_import_preview, name="import-preview"
    ),
    path("participants/template.xlsx", lists.participant_import_template, name="import-template"),
    path(
        "activities/<int:pk>/participants.<str:fmt>",
        lists.activity_participants_export,
        name="activity-participants-export",
    ),
    path("activities/participants.<str:fmt>", lists.filtered_participants_export, name="participants-export"),
    path("activities/<int:pk>/attendance-sheet/", lists.attendance_sheet, name="attendance-sheet"),
    path("activities/<int:pk>/proofs/", lists.attendance_proof_upload, name="proof-upload"),
    path("proofs/<int:pk>/", lists.attendance_proof_download, name="proof-download"),
    path("activities/<int:pk>/certificates/", lists.activity_certificates, name="activity-certificates"),
    path(
        "participations/<int:pk>/certificate/",
        lists.participation_certificate,
        name="participation-certificate",
    ),
]
