"""Admins edit advice texts as drafts, preview them on the real result page, publish them, and revert
to any earlier published version. History lists who published what and when. The mechanism is
``core.publishing`` and ``core.admin.PublishingAdmin``; this module says how a text looks and previews."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from core.admin import PUBLISH, PublishingAdmin
from triage.advice import AdviceBlock, advice_for, advice_sections, render_markdown
from triage.codes import CARE_NOW_VERDICTS, REQUIRED_ADVICE, AdviceCode
from triage.contacts import numbers_in
from triage.engine import Answers, assess
from triage.models import EMPTY_REQUIRED, NUMBERS_IN_TEXT, AdviceText

_CALM = {"pain_now": 3, "normal_stride": True, "spasm": False, "pain_side": "centre", "symptoms": frozenset()}
# For each text, answers whose result page shows it: the preview renders that page with the draft.
PREVIEW_ANSWERS: dict[str, dict] = {
    AdviceCode.VERDICT_EMERGENCY: {"symptoms": frozenset({"both_legs"})},
    AdviceCode.VERDICT_URGENT: {"symptoms": frozenset({"fever"})},
    AdviceCode.VERDICT_SEE_CLINICIAN: {"symptoms": frozenset({"night_pain"})},
    AdviceCode.VERDICT_WALK_INSTEAD: {"spasm": True},
    AdviceCode.VERDICT_EASY_RUN: {},
    AdviceCode.VERDICT_RUN: {"pain_now": 0},
    AdviceCode.CAUSE_STIFF_HIP: {"pain_side": "left"},
    AdviceCode.ADVICE_HIP_MOBILITY: {"pain_side": "left"},
    AdviceCode.CAUSE_MUSCLE_OVERWORK: {"pain_side": "both"},
    AdviceCode.ADVICE_REDUCE_LOAD: {"pain_side": "both"},
    AdviceCode.ADVICE_PARS_DEFECT: {"pars_defect": True},
    AdviceCode.ADVICE_LOAD_INCREASE: {"load_changes": frozenset({"further"})},
    AdviceCode.HELP_WHEN_TO_GET_HELP: {},
}


def preview_answers(code: str) -> Answers:
    return Answers(**{**_CALM, "pars_defect": False, **PREVIEW_ANSWERS.get(code, {})})


DRAFT_HELP = (
    "Markdown: **bold**, *italic*, lists with '- ', links as [words](https://...). Scripts, styles and unsafe links "
    "are removed when the text is shown. Runners see it only once published."
)


class AdviceTextForm(forms.ModelForm):
    """The change form edits the draft: it opens with the draft (the published text when there is none)."""

    draft_title = forms.CharField(label="Draft title", max_length=120, required=False)
    draft_body = forms.CharField(
        label="Draft text (Markdown)", max_length=10_000, required=False, widget=forms.Textarea, help_text=DRAFT_HELP
    )

    class Meta:
        model = AdviceText
        fields = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            values = self.instance.draft_values()
            self.initial.update(draft_title=values["title"], draft_body=values["body"])

    def clean(self):
        data = super().clean()
        if (
            PUBLISH in self.data
            and self.instance.code in REQUIRED_ADVICE
            and not (data.get("draft_body") or "").strip()
        ):
            self.add_error("draft_body", EMPTY_REQUIRED)
        if self.instance.code in REQUIRED_ADVICE and (numbers := numbers_in(data.get("draft_body") or "")):
            self.add_error("draft_body", NUMBERS_IN_TEXT.format(numbers=", ".join(numbers)))
        if not (data.get("draft_title") or "").strip():
            self.add_error("draft_title", "Give the text a title.")
        return data


@admin.register(AdviceText)
class AdviceTextAdmin(PublishingAdmin):
    form = AdviceTextForm
    draft_form_fields = {"draft_title": "title", "draft_body": "body"}
    preview_words = "Preview the draft on the result page"
    list_display = ("code", "title", "unpublished", "published_at", "published_by")
    search_fields = ("code", "title", "body")
    readonly_fields = ("code", "published_text", "published_at", "published_by", "draft_preview")
    history_list_display = ("title",)

    def get_fields(self, request, obj=None):
        return ("code", "published_text", "published_at", "published_by", "draft_title", "draft_body", "draft_preview")

    def has_add_permission(self, request) -> bool:
        return False  # one text per code, loaded by the migrations

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.code in REQUIRED_ADVICE:
            return False
        return super().has_delete_permission(request, obj)

    @admin.display(description="Published (what runners see now)")
    def published_text(self, obj: AdviceText | None) -> str:
        if obj is None:
            return ""
        return format_html('<div class="advice-published">{}</div>', self.values_html(obj, obj.published_values()))

    @admin.display(description="Draft preview")
    def draft_preview(self, obj: AdviceText | None) -> str:
        values = obj.draft_values() if obj is not None else {}
        if not (values.get("body") or "").strip():
            return "Nothing to preview yet: save the draft to see it here."
        return format_html(
            '<div class="advice-preview">{}</div><p><a href="{}" target="_blank">Preview on the result page</a></p>',
            mark_safe(render_markdown(values["body"])),  # noqa: S308 (sanitised by nh3)
            self.preview_url(obj),
        )

    def values_html(self, obj, values) -> str:
        # render_markdown sanitises with nh3, so the result is safe to mark as such.
        return format_html("<strong>{}</strong>{}", values["title"], mark_safe(render_markdown(values["body"])))  # noqa: S308

    def preview_view(self, request, obj):
        """The real result page, with this text's draft in place of the published one. Staff only."""
        assessment = assess(preview_answers(obj.code))
        values = obj.draft_values()
        draft = AdviceBlock(code=obj.code, title=values["title"], html=render_markdown(values["body"]), version_id=None)
        blocks = [draft if block.code == obj.code else block for block in advice_for(assessment)]
        return render(
            request,
            "triage/result.html",
            {
                "assessment": assessment,
                "sections": advice_sections(blocks),
                "care_now": assessment.verdict in CARE_NOW_VERDICTS,
                "country": None,
                "answers": [],
                "answer_rows": [],
                "change_url": reverse("admin:triage_advicetext_change", args=[obj.pk]),
                "preview_of": obj.publishing_title(values),
            },
        )
