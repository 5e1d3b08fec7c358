from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils import timezone

from accounts.models import User


@admin.action(description="Verify the selected physios")
def verify_physios(modeladmin, request, queryset):
    updated = queryset.filter(role="physio", physio_verified_at__isnull=True).update(physio_verified_at=timezone.now())
    modeladmin.message_user(request, f"{updated} physio account(s) verified.")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "display_name", "role", "physio_verified_at", "is_staff", "is_active", "date_joined"]
    list_filter = ["role", "is_staff", "is_active"]
    search_fields = ["email", "display_name"]
    actions = [verify_physios]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Profile", {"fields": ("display_name", "role", "time_zone", "units", "physio_verified_at")}),
        ("Notifications", {"fields": ("email_checkins", "reminder_enabled", "reminder_time")}),
        ("Permissions", {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "role", "password1", "password2")}),)
