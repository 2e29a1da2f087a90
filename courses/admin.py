from django.contrib import admin
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin

from .models import Activity, Expert, ExpertAssignment, Membership, Organisation, Programme, Theme


class TrackedAdmin(admin.ModelAdmin):
    """Records who created and last changed what, from the admin site too."""

    readonly_fields = ("created_at", "created_by", "updated_at", "updated_by")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        if change and hasattr(obj, "version"):
            obj.version += 1
        super().save_model(request, obj, form, change)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("user",)
    fields = ("user", "role")


class HistoryAdmin(SimpleHistoryAdmin, TrackedAdmin):
    """A tracked record with a full history (django-simple-history): only for models that keep one.

    An id that cannot be a record's (``abc``, a number past the column's range) answers 404.
    """

    def _check_ids(self, object_id: str, version_id: str | None = None) -> None:
        for value in (object_id, version_id):
            if value is not None and not (value.isascii() and value.isdigit()):
                raise Http404  # every model with a history here has a numeric key

    def history_view(self, request, object_id, extra_context=None):
        self._check_ids(object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._check_ids(object_id, version_id)
        return super().history_form_view(request, object_id, version_id, extra_context)


@admin.register(Programme)
class ProgrammeAdmin(TrackedAdmin):
    list_display = ("name", "short_name", "country", "start_date", "end_date", "donor")
    inlines = [MembershipInline]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ("name", "active")
    list_filter = ("active",)
    search_fields = ("name",)


@admin.register(Organisation)
class OrganisationAdmin(TrackedAdmin):
    list_display = ("name", "acronym", "kind", "country", "active")
    list_filter = ("kind", "country", "active")
    search_fields = ("name", "acronym")


class AssignmentInline(admin.TabularInline):
    model = ExpertAssignment
    extra = 0
    autocomplete_fields = ("expert",)
    fields = ("expert", "role", "days")


@admin.register(Activity)
class ActivityAdmin(HistoryAdmin):
    list_display = ("title", "kind", "status", "start_date", "end_date", "region", "country")
    list_filter = ("kind", "status", "programme", "region", "country")
    search_fields = ("title", "description", "city")
    date_hierarchy = "end_date"
    autocomplete_fields = ("beneficiary_units", "host_institutions", "theme")
    inlines = [AssignmentInline]


@admin.register(Expert)
class ExpertAdmin(HistoryAdmin):
    list_display = ("last_name", "first_name", "category", "nationality", "institution", "active")
    list_filter = ("category", "nationality", "active")
    search_fields = ("last_name", "first_name", "specialities")
    autocomplete_fields = ("institution",)
