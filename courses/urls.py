from django.urls import path

from .views import activities, calendar, experts, sessions, team

app_name = "courses"

urlpatterns = [
    path("activities/", activities.ActivityListView.as_view(), name="activity-list"),
    path("activities/new/", activities.ActivityCreateView.as_view(), name="activity-create"),
    path("activities/calendar/", calendar.activity_calendar, name="activity-calendar"),
    path("activities.<str:fmt>", activities.activity_export, name="activity-export"),
    path("activities/<int:pk>/", activities.ActivityDetailView.as_view(), name="activity-detail"),
    path("activities/<int:pk>/edit/", activities.ActivityUpdateView.as_view(), name="activity-update"),
    path("activities/<int:pk>/status/<str:status>/", activities.activity_status, name="activity-status"),
    path("activities/<int:pk>/experts/", activities.activity_experts, name="activity-experts"),
    path("activities/<int:pk>/sessions/", sessions.activity_sessions, name="activity-sessions"),
    path("experts/", experts.ExpertListView.as_view(), name="expert-list"),
    path("experts/new/", experts.ExpertCreateView.as_view(), name="expert-create"),
    path("experts/<int:pk>/", experts.ExpertDetailView.as_view(), name="expert-detail"),
    path("experts/<int:pk>/edit/", experts.ExpertUpdateView.as_view(), name="expert-update"),
    path("experts/<int:pk>/active/", experts.expert_set_active, name="expert-set-active"),
    path("programmes/", team.programme_list, name="programme-list"),
    path("programmes/<int:pk>/edit/", team.ProgrammeUpdateView.as_view(), name="programme-update"),
    path("programmes/<int:pk>/team/", team.programme_team, name="programme-team"),
    path("programmes/<int:pk>/team/<int:membership_pk>/", team.team_member, name="team-member"),
]
