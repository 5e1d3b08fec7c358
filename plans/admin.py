"""Admins edit the plan stages as drafts, preview them as runners will read them, publish them, and
revert to any earlier published version (as for the triage advice texts). Exercises are edited here too;
their drawing is chosen from the files under static/plans/exercises/, never uploaded."""

from __future__ import annotations

from types import SimpleNamespace

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.templatetags.static import static
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from core.admin import RevertByPublishingAdmin
from plans import services
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
class StageTemplateAdmin(RevertByPublishingAdmin):
    form = StageTemplateForm
    list_display = ("number", "name", "session_type", "minutes", "unpublished", "published_at", "published_by")
    history_list_display = ("name", "minutes", "history_change_reason")
    change_form_template = "admin/plans/stagetemplate/change_form.html"
    object_history_form_template = "admin/plans/stagetemplate/revert_confirm.html"

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

    @admin.display(boolean=True, description="Unpublished changes")
    def unpublished(self, obj: StageTemplate) -> bool:
        return obj.has_unpublished_changes

    @admin.display(description="Published (what runners see now)")
    def published(self, obj: StageTemplate | None) -> str:
        if obj is None or obj.pk is None:
            return ""
        if obj.published_at is None:
            return "Not published yet: no runner sees this stage and no plan moves on to it."
        return format_html('<div class="stage-published">{}</div>', stage_preview_html(obj, number=obj.number))

    @admin.display(description="Draft preview (as runners will see it)")
    def draft_preview(self, obj: StageTemplate | None) -> str:
        if obj is None or obj.pk is None or not obj.has_unpublished_changes:
            return "No unpublished changes: save a draft to preview it here."
        return format_html(
            '<div class="stage-preview">{}</div>', stage_preview_html(obj.draft_values(), number=obj.number)
        )

    def save_model(self, request, obj, form, change):
        if not change:  # a new stage: a draft nobody sees until it is published (history records who and when)
            obj.published_at = obj.published_by = None
            obj._history_user, obj._change_reason = request.user, "Added (not published)"
            obj.save()
            if "_publish" in request.POST:
                self._publish(request, obj)
            else:
                messages.info(request, "Stage added as a draft. No runner sees it until you publish it.")
            return
        stage = StageTemplate.objects.get(pk=obj.pk)  # the published stage, not the form's edited copy
        services.stage_draft_save(stage=stage, values={name: form.cleaned_data[name] for name in STAGE_DRAFT_FIELDS})
        if "_publish" in request.POST:
            self._publish(request, stage)
        else:
            messages.info(request, "Draft saved. Runners still see the published stage until you publish it.")

    def _publish(self, request, stage: StageTemplate) -> None:
        try:
            services.stage_publish(stage=stage, user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "Published: every plan on this stage uses it now.")

    def revert(self, obj, history_id: int, user) -> None:
        services.stage_revert(stage=obj, history_id=history_id, user=user)

    def version_html(self, obj, version) -> str:
        return stage_preview_html(version, number=obj.number)

    def revert_title(self, obj) -> str:
        return f"Revert stage {obj.number}"


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
