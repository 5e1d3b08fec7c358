"""Admins edit the plan stages here, with a preview of the week as runners see it and full history."""

from __future__ import annotations

from django.contrib import admin
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from plans.models import Exercise, StageTemplate
from plans.wording import days_line, session_line


@admin.register(StageTemplate)
class StageTemplateAdmin(SimpleHistoryAdmin):
    list_display = ("number", "name", "session_type", "minutes", "updated_at")
    fields = (
        "number",
        "name",
        "session_type",
        "minutes",
        "run_minutes",
        "walk_minutes",
        "days",
        "note",
        "advice",
        "preview",
        "updated_at",
    )
    readonly_fields = ("preview", "updated_at")
    history_list_display = ("name", "minutes")

    @admin.display(description="Preview (as runners see it)")
    def preview(self, obj: StageTemplate | None) -> str:
        if obj is None or obj.pk is None:
            return "Save the stage to see it here."
        return format_html(
            "<strong>Stage {}: {}</strong><br>{} ({})<br>On {}; the other days are rest days.<br>{}",
            obj.number,
            obj.name,
            session_line(obj),
            obj.note,
            days_line(obj.days),
            obj.advice,
        )


@admin.register(Exercise)
class ExerciseAdmin(SimpleHistoryAdmin):
    list_display = ("title", "sets", "reps", "hold_seconds", "for_stiff_hip", "updated_at")
    fields = ("slug", "title", "steps", "sets", "reps", "hold_seconds", "for_stiff_hip", "updated_at")
    readonly_fields = ("updated_at",)
    history_list_display = ("title",)
