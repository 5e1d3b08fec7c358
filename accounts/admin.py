from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils import timezone

from accounts.models import AuditEvent, CareLink, User


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


@admin.register(CareLink)
class CareLinkAdmin(admin.ModelAdmin):
    list_display = ["runner", "physio", "status", "via", "accepted_at", "ended_at"]
    list_filter = ["status", "via"]
    search_fields = ["runner__email", "physio__email"]
    raw_id_fields = ["runner", "physio"]
    readonly_fields = ["public_id", "created_at"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Searchable, read-only: no one may add, change or delete audit records, not even a superuser."""

    list_display = ["at", "actor_email", "runner", "action"]
    list_filter = ["action"]
    search_fields = ["actor_email", "runner__email", "runner__display_name"]
    date_hierarchy = "at"
    list_select_related = ["runner"]
    readonly_fields = ["at", "actor", "actor_email", "runner", "action"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
