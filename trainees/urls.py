from django.urls import path

from .views import attendance, directory, documents, imports, participants, privacy

app_name = "trainees"

urlpatterns = [
    path("trainees/", directory.TraineeListView.as_view(), name="trainee-list"),
    path("trainees/merge/", directory.trainee_merge, name="trainee-merge"),
    path("trainees/<int:pk>/", directory.TraineeDetailView.as_view(), name="trainee-detail"),
    path("trainees/<int:pk>/edit/", directory.TraineeUpdateView.as_view(), name="trainee-update"),
    path("trainees/<int:pk>/record.json", privacy.trainee_record, name="trainee-record"),
    path("trainees/<int:pk>/erase/", privacy.trainee_erase, name="trainee-erase"),
    path(
        "activities/<int:pk>/participants/", participants.activity_participants, name="activity-participants"
    ),
    path("activities/<int:pk>/headcounts/", participants.activity_headcounts, name="activity-headcounts"),
    path("activities/<int:pk>/attendance/", attendance.attendance_grid, name="attendance-grid"),
    path("sessions/<int:pk>/attendance/", attendance.session_attendance, name="session-attendance"),
    # Lists in.
    path("activities/<int:pk>/import/", imports.participant_import, name="participant-import"),
    path("activities/<int:pk>/import/<int:import_pk>/", imports.import_preview, name="import-preview"),
    path(
        "activities/<int:pk>/import/<int:import_pk>/rejected.xlsx",
        imports.import_rejected_rows,
        name="import-rejected-rows",
    ),
    path("participants/template.xlsx", imports.participant_import_template, name="import-template"),
    # Lists out and documents.
    path(
        "activities/<int:pk>/participants.<str:fmt>",
        documents.activity_participants_export,
        name="activity-participants-export",
    ),
    path(
        "activities/participants.<str:fmt>",
        documents.filtered_participants_export,
        name="participants-export",
    ),
    path("activities/<int:pk>/attendance-sheet/", documents.attendance_sheet, name="attendance-sheet"),
    path("activities/<int:pk>/proofs/", documents.attendance_proof_upload, name="proof-upload"),
    path("proofs/<int:pk>/", documents.attendance_proof_download, name="proof-download"),
    path("proofs/<int:pk>/remove/", documents.attendance_proof_remove, name="proof-remove"),
    path("activities/<int:pk>/certificates/", documents.activity_certificates, name="activity-certificates"),
    path(
        "participations/<int:pk>/certificate/",
        documents.participation_certificate,
        name="participation-certificate",
    ),
]
