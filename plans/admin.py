"""Admins edit the plan stages as drafts, preview them as runners will read them, publish them, and
revert to any earlier published version, through ``core.publishing`` as for the triage advice texts. Exercises are edited here too;
their drawing is chosen from the files under static/plans/exercises/, never uploaded."""

from __future__ import annotations

from types import SimpleNamespace

from django import forms
from django.contrib import admin
from django.templatetags.static import static
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from core.admin import PublishingAdmin
from plans.models import STAGE_DRAFT_FIELDS, Exercise, StageTemplate, drawing_choices
from plans.wording import days_line, session_line


def stage_preview_html(values, *, number: int) -> str:
    """A stage as runners read it on the "This week" card (``values``: a stage or its draft values)."""
    get = values.get if isinstance(values, dict) else lambda name: getattr(values, name)
    spec = SimpleNamespace(**{name: get(name) for name in ("session_type", "minutes", "run_minutes", "walk_minutes")})
    return format_html(
        "<strong>Stage {}: {}</strong><br>{} ({})<br>On {}; the other days are rest days.<br>{}",
        number,
        get("name"),
        session_line(spec),
        get("note"),
        days_line(get("days") or []),
        get("advice"),
    )


class StageTemplateForm(forms.ModelForm):
    """The change form edits the draft: it opens with the draft (or the published stage when there is none)."""

    class Meta:
        model = StageTemplate
        fields = ("number", *STAGE_DRAFT_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial.update(self.instance.draft_values())


@admin.register(StageTemplate)
class StageTemplateAdmin(PublishingAdmin):
    form = StageTemplateForm
    noun = "stage"
    published_message = "Published: every plan on this stage uses it now."
    preview_words = "Preview the draft as runners will read it"
    list_display = ("number", "name", "session_type", "minutes", "unpublished", "published_at", "published_by")
    history_list_display = ("name", "minutes")

    def has_delete_permission(self, request, obj=None):
        """A draft can be deleted; a published stage cannot: plans may be on it, and a gap in 1 to N would
        send a plan stepping into it somewhere else. Change it with a new draft, or revert it."""
        if obj is not None and obj.published_at is not None:
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # would delete published stages too; drafts go one at a time
        return actions

    def get_fields(self, request, obj=None):
        if obj is None:  # a new stage: saved as a draft, or added and published at once
            return ("number", *STAGE_DRAFT_FIELDS)
        return ("number", "published", "published_at", "published_by", *STAGE_DRAFT_FIELDS, "draft_preview")

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        return ("number", "published", "published_at", "published_by", "draft_preview")

    @admin.display(description="Published (what runners see now)")
    def published(self, obj: StageTemplate | None) -> str:
        if obj is None or obj.pk is None:
            return ""
        if obj.published_at is None:
            return "Not published yet: no runner sees this stage and no plan moves on to it."
        return format_html('<div class="stage-published">{}</div>', self.values_html(obj, obj.published_values()))

    @admin.display(description="Draft preview (as runners will see it)")
    def draft_preview(self, obj: StageTemplate | None) -> str:
        if obj is None or obj.pk is None or not obj.has_unpublished_changes:
            return "No unpublished changes: save a draft to preview it here."
        return format_html(
            '<div class="stage-preview">{}</div><p><a href="{}" target="_blank">{}</a></p>',
            self.values_html(obj, obj.draft_values()),
            self.preview_url(obj),
            self.preview_words,
        )

    def values_html(self, obj, values) -> str:
        return stage_preview_html(values, number=obj.number)


@admin.register(Exercise)
class ExerciseAdmin(SimpleHistoryAdmin):
    list_display = ("title", "sets", "reps", "hold_seconds", "for_stiff_hip", "drawing", "updated_at")
    fields = (
        "slug",
        "title",
        "steps",
        "sets",
        "reps",
        "hold_seconds",
        "for_stiff_hip",
        "drawing",
        "drawing_preview",
        "updated_at",
    )
    readonly_fields = ("drawing_preview", "updated_at")
    history_list_display = ("title",)

    @admin.display(description="Drawing as saved")
    def drawing_preview(self, obj: Exercise | None) -> str:
        if obj is None or not obj.drawing or obj.drawing not in dict(drawing_choices()):
            return "No drawing."
        return format_html('<img src="{}" alt="" width="120" height="120">', static(f"plans/exercises/{obj.drawing}"))
