"""Admins edit advice texts as drafts, preview them on the real result page, publish them, and revert
to any earlier published version. History lists who published what and when."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.defaultfilters import date as date_filter
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper

from core.admin import RevertByPublishingAdmin
from triage import services
from triage.advice import AdviceBlock, advice_for, advice_sections, render_markdown
from triage.codes import CARE_NOW_VERDICTS, REQUIRED_ADVICE, AdviceCode
from triage.contacts import numbers_in
from triage.engine import Answers, assess
from triage.models import AdviceText

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


def _in_words(value: Any) -> str:
    """A history value as an admin reads it: a person's name, a date in words, a dash for nothing."""
    if value is None or value == "" or (isinstance(value, DeletedObject) and value.pk is None):
        return "–"
    if isinstance(value, DeletedObject):
        return "a deleted account"
    if isinstance(value, dt.datetime):
        return date_filter(timezone.localtime(value), "j M Y, H:i")
    return str(getattr(value, "name", None) or value)


CONTEXT_WORDS = 6  # unchanged words kept on each side of a change in a text's diff


def word_diff(old: str, new: str) -> SafeString:
    """The change from one text to the next, word by word: removed words struck through (<del>), added ones
    underlined (<ins>), long unchanged stretches shortened to their ends."""
    before, after = re.split(r"(\s+)", old), re.split(r"(\s+)", new)
    parts: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes():
        if op == "equal":
            same = before[i1:i2]
            if len(same) > 4 * CONTEXT_WORDS:
                same = [*same[: 2 * CONTEXT_WORDS], " … ", *same[-2 * CONTEXT_WORDS :]]
            parts.append(escape("".join(same)))
            continue
        if i2 > i1:
            parts.append(f"<del>{escape(''.join(before[i1:i2]))}</del>")
        if j2 > j1:
            parts.append(f"<ins>{escape(''.join(after[j1:j2]))}</ins>")
    return mark_safe("".join(parts))  # noqa: S308 - every piece escaped above


class ReadableHistory(HistoricalRecordContextHelper):
    """The history's "Changes" column in words: field labels, names, dates, and a word diff for texts
    (django-simple-history shows "You c[84 chars] case…" and "Deleted user (pk=None)")."""

    def context_for_delta_changes(self, delta) -> list[dict[str, Any]]:
        rows = []
        for change in delta.changes:
            label = capfirst(self.model._meta.get_field(change.field).verbose_name)
            old, new = change.old, change.new
            if isinstance(old, str) and isinstance(new, str) and len(old) + len(new) > 60:
                rows.append({"field": label, "diff": word_diff(old, new)})
            else:
                rows.append({"field": label, "old": _in_words(old), "new": _in_words(new)})
        return rows


def preview_answers(code: str) -> Answers:
    return Answers(**{**_CALM, "pars_defect": False, **PREVIEW_ANSWERS.get(code, {})})


class AdviceTextForm(forms.ModelForm):
    class Meta:
        model = AdviceText
        fields = ("draft_title", "draft_body")

    def clean(self):
        data = super().clean()
        if (
            "_publish" in self.data
            and self.instance.code in REQUIRED_ADVICE
            and not (data.get("draft_body") or "").strip()
        ):
            self.add_error("draft_body", services.EMPTY_REQUIRED)
        if self.instance.code in REQUIRED_ADVICE and (numbers := numbers_in(data.get("draft_body") or "")):
            self.add_error("draft_body", services.NUMBERS_IN_TEXT.format(numbers=", ".join(numbers)))
        if not (data.get("draft_title") or "").strip():
            self.add_error("draft_title", "Give the text a title.")
        return data


@admin.register(AdviceText)
class AdviceTextAdmin(RevertByPublishingAdmin):
    form = AdviceTextForm
    list_display = ("code", "title", "unpublished", "published_at", "published_by")
    search_fields = ("code", "title", "body", "draft_body")
    readonly_fields = ("code", "published_text", "published_at", "published_by", "draft_preview")
    history_list_display = ("title",)
    change_form_template = "admin/triage/advicetext/change_form.html"
    object_history_form_template = "admin/triage/advicetext/revert_confirm.html"

    def get_fields(self, request, obj=None):
        return ("code", "published_text", "published_at", "published_by", "draft_title", "draft_body", "draft_preview")

    def has_add_permission(self, request) -> bool:
        return False  # one text per code, loaded by the migrations

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.code in REQUIRED_ADVICE:
            return False
        return super().has_delete_permission(request, obj)

    @admin.display(boolean=True, description="Unpublished changes")
    def unpublished(self, obj: AdviceText) -> bool:
        return obj.has_unpublished_changes

    @admin.display(description="Published (what runners see now)")
    def published_text(self, obj: AdviceText | None) -> str:
        if obj is None:
            return ""
        # render_markdown sanitises with nh3, so the result is safe to mark as such.
        return format_html(
            '<div class="advice-published"><strong>{}</strong>{}</div>',
            obj.title,
            mark_safe(render_markdown(obj.body)),  # noqa: S308
        )

    @admin.display(description="Draft preview")
    def draft_preview(self, obj: AdviceText | None) -> str:
        if obj is None or not (obj.draft_body or "").strip():
            return "Nothing to preview yet: save the draft to see it here."
        url = reverse("admin:triage_advicetext_preview", args=[obj.pk])
        return format_html(
            '<div class="advice-preview">{}</div><p><a href="{}" target="_blank">Preview on the result page</a></p>',
            mark_safe(render_markdown(obj.draft_body)),  # noqa: S308 (sanitised by nh3)
            url,
        )

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableHistory(self.model, historical_record)

    def response_change(self, request, obj):
        """Saving a draft says it is not live yet and links to its preview; publishing says it is live (only
        our message, not Django's "…was changed successfully")."""
        if "_publish" in request.POST:
            return HttpResponseRedirect(reverse("admin:triage_advicetext_changelist"))
        preview = reverse("admin:triage_advicetext_preview", args=[obj.pk])
        messages.info(
            request,
            format_html(
                'Draft saved. It is not live yet: runners still see the published text. <a href="{}">Preview the '
                "draft on the result page</a>, then choose “Save and publish” to make it live.",
                preview,
            ),
        )
        return HttpResponseRedirect(reverse("admin:triage_advicetext_change", args=[obj.pk]))

    def save_model(self, request, obj, form, change):
        services.advice_draft_save(text=obj, title=obj.draft_title, body=obj.draft_body)
        if "_publish" in request.POST:
            try:
                services.advice_publish(text=obj, user=request.user)
            except ValidationError as exc:  # the form checked this already; a race is still refused
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, "Published: runners see this text now.")

    def get_urls(self):
        preview = path(
            "<path:object_id>/preview/",
            self.admin_site.admin_view(self.preview_view),
            name="triage_advicetext_preview",
        )
        return [preview, *super().get_urls()]

    def preview_view(self, request, object_id):
        """The real result page, with this text's draft in place of the published one. Staff only."""
        text = get_object_or_404(AdviceText, pk=object_id)
        if not self.has_view_or_change_permission(request, text):
            raise PermissionDenied
        assessment = assess(preview_answers(text.code))
        draft = AdviceBlock(
            code=text.code, title=text.draft_title or text.title, html=render_markdown(text.draft_body), version_id=None
        )
        blocks = [draft if block.code == text.code else block for block in advice_for(assessment)]
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
                "change_url": reverse("admin:triage_advicetext_change", args=[text.pk]),
                "preview_of": text,
            },
        )

    def revert(self, obj, history_id: int, user) -> None:
        services.advice_revert(text=obj, history_id=history_id, user=user)

    def version_html(self, obj, version) -> str:
        return mark_safe(render_markdown(version.body))  # noqa: S308 (sanitised by nh3)

    def revert_title(self, obj) -> str:
        return f"Revert “{obj.get_code_display()}”"
