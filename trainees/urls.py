from django.urls import path

from . import views

app_name = "trainees"

urlpatterns = [
    path("trainees/", views.TraineeListView.as_view(), name="trainee-list"),
    path("trainees/merge/", views.trainee_merge, name="trainee-merge"),
    path("trainees/<int:pk>/", views.TraineeDetailView.as_view(), name="trainee-detail"),
    path("trainees/<int:pk>/edit/", views.TraineeUpdateView.as_view(), name="trainee-update"),
    path("activities/<int:pk>/participants/", views.activity_participants, name="activity-participants"),
    path("activities/<int:pk>/headcounts/", views.activity_headcounts, name="activity-headcounts"),
]
