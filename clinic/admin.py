from django.contrib import admin

from clinic.models import ClinicalNote, Invitation, LinkCode, Message


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["runner", "email", "physio", "status", "created_at", "answered_at"]
    list_filter = ["status"]
    search_fields = ["runner__email", "email"]
    raw_id_fields = ["runner", "physio"]


@admin.register(LinkCode)
class LinkCodeAdmin(admin.ModelAdmin):
    list_display = ["physio", "created_at", "expires_at", "used_at"]
    search_fields = ["physio__email"]
    raw_id_fields = ["physio", "used_by"]
    exclude = ["code"]  # codes are secrets handed from physio to runner


# Clinical notes and messages are health data between a runner and their physios: the admin lists
# who wrote when (to answer support questions) but does not show the text.
@admin.register(ClinicalNote)
class ClinicalNoteAdmin(admin.ModelAdmin):
    list_display = ["runner", "author", "created_at"]
    search_fields = ["runner__email", "author__email"]
    fields = ["runner", "author", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["runner", "physio", "sender", "created_at"]
    search_fields = ["runner__email", "physio__email"]
    fields = ["runner", "physio", "sender", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False
