from django.contrib import admin

from .models import AccessLog


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    """Who viewed, exported or printed personal data: read only, for site administrators."""

    list_display = ("at", "user", "action", "subject", "label", "programme_id", "path")
    list_filter = ("action", "subject", ("at", admin.DateFieldListFilter))
    search_fields = ("label", "user__username", "user__last_name", "path")
    date_hierarchy = "at"
    list_select_related = ("user",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
