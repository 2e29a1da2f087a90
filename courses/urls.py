from django.urls import path

from . import views

app_name = "courses"

urlpatterns = [
    path("activities/", views.ActivityListView.as_view(), name="activity-list"),
    path("activities/new/", views.ActivityCreateView.as_view(), name="activity-create"),
    path("activities.<str:fmt>", views.activity_export, name="activity-export"),
    path("activities/<int:pk>/", views.ActivityDetailView.as_view(), name="activity-detail"),
    path("activities/<int:pk>/edit/", views.ActivityUpdateView.as_view(), name="activity-update"),
    path("activities/<int:pk>/status/<str:status>/", views.activity_status, name="activity-status"),
    path("activities/<int:pk>/experts/", views.activity_experts, name="activity-experts"),
    path("experts/", views.ExpertListView.as_view(), name="expert-list"),
    path("experts/new/", views.ExpertCreateView.as_view(), name="expert-create"),
    path("experts/<int:pk>/", views.ExpertDetailView.as_view(), name="expert-detail"),
    path("experts/<int:pk>/edit/", views.ExpertUpdateView.as_view(), name="expert-update"),
    path("experts/<int:pk>/active/", views.expert_set_active, name="expert-set-active"),
]
