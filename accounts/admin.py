from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.template.defaultfilters import pluralize
from django.utils import timezone

from accounts.audit import audit_record
from accounts.models import AuditAction, AuditEvent, CareLink, LinkStatus, User


@admin.action(description="Verify the selected physios")
def verify_physios(modeladmin, request, queryset):
    updated = queryset.filter(role="physio", physio_verified_at__isnull=True).update(physio_verified_at=timezone.now())
    modeladmin.message_user(request, f"{updated} physio account{pluralize(updated)} verified.")


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


class CareLinkAdminForm(forms.ModelForm):
    """An admin may end a link (revoke it) but never give consent: only the runner can activate one."""

    class Meta:
        model = CareLink
        fields = ["status"]

    def clean_status(self):
        status = self.cleaned_data["status"]
        if status != self.instance.status and status == LinkStatus.ACTIVE:
            raise forms.ValidationError(
                "Only the runner can give a physio access. An administrator may only end a link (Revoked)."
            )
        return status


@admin.register(CareLink)
class CareLinkAdmin(admin.ModelAdmin):
    """Links are created by the runner's consent only; admins may end one, and every change is audited."""

    form = CareLinkAdminForm
    list_display = ["runner", "physio", "status", "via", "accepted_at", "ended_at"]
    list_filter = ["status", "via"]
    search_fields = ["runner__email", "physio__email"]
    fields = ["public_id", "runner", "physio", "status", "via", "created_at", "accepted_at", "ended_at"]
    readonly_fields = ["public_id", "runner", "physio", "via", "created_at", "accepted_at", "ended_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # ending a link keeps its history; deleting would erase the record of consent

    def save_model(self, request, obj, form, change):
        if change and "status" in form.changed_data and obj.status == LinkStatus.REVOKED:
            obj.ended_at = timezone.now()
        super().save_model(request, obj, form, change)
        if form.changed_data:
            audit_record(actor=request.user, runner=obj.runner, action=AuditAction.ADMIN_LINK_CHANGE)


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
