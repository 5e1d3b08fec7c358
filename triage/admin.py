"""Admins edit advice texts here, with a rendered preview and full history (view, compare, revert)."""

from __future__ import annotations

from django.contrib import admin
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from simple_history.admin import SimpleHistoryAdmin

from triage.advice import render_markdown
from triage.codes import REQUIRED_ADVICE
from triage.models import AdviceText


@admin.register(AdviceText)
class AdviceTextAdmin(SimpleHistoryAdmin):
    list_display = ("code", "title", "updated_at")
    search_fields = ("code", "title", "body")
    fields = ("code", "title", "body", "preview", "updated_at")
    readonly_fields = ("preview", "updated_at")
    history_list_display = ("title",)

    def get_readonly_fields(self, request, obj=None):
        # Codes are what the engine asks for: fixed once a text exists.
        return (*self.readonly_fields, "code") if obj else self.readonly_fields

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.code in REQUIRED_ADVICE:
            return False
        return super().has_delete_permission(request, obj)

    @admin.display(description="Preview (as runners see it)")
    def preview(self, obj: AdviceText | None) -> str:
        if obj is None or not (obj.body or "").strip():
            return "Nothing to preview yet: save the text to see it here."
        # render_markdown sanitises with nh3, so the result is safe to mark as such.
        return format_html('<div class="advice-preview">{}</div>', mark_safe(render_markdown(obj.body)))  # noqa: S308
