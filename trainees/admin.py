from django.contrib import admin

from courses.admin import HistoryAdmin

from .models import Headcount, Participation, Trainee


@admin.register(Trainee)
class TraineeAdmin(HistoryAdmin):
    list_display = ("last_name", "first_name", "sex", "service", "rank", "unit", "service_number")
    list_filter = ("service", "sex", "region")
    search_fields = ("last_name", "first_name", "service_number", "name_key")


@admin.register(Participation)
class ParticipationAdmin(HistoryAdmin):
    list_display = ("trainee", "activity", "outcome", "attended", "sessions_attended", "completed")
    list_filter = ("outcome", "attended", "completed", "activity__kind")
    autocomplete_fields = ("trainee", "activity")
    list_select_related = ("trainee", "activity")


@admin.register(Headcount)
class HeadcountAdmin(HistoryAdmin):
    list_display = ("activity", "service", "sex", "count")
    autocomplete_fields = ("activity",)
