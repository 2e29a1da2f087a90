from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import User

# What makes an account more powerful than its role: only a superuser may change these.
PRIVILEGE_FIELDS = ("is_superuser", "groups", "user_permissions")


@admin.register(User)
class PocUserAdmin(UserAdmin):
    """Users and their roles. An administrator who is not a superuser manages accounts, but cannot
    raise anyone's privileges (its own included) nor touch a superuser's account."""

    list_display = ("username", "first_name", "last_name", "email", "is_active", "is_staff")
    list_filter = ("is_active", "is_staff", "groups")

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        if request.user.is_superuser:
            return fields
        return fields + PRIVILEGE_FIELDS

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False  # its password and e-mail are a superuser's keys
        return super().has_change_permission(request, obj)
