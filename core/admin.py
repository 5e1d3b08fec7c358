"""The admin of records published from drafts (``core.publishing``): one change form (save a draft, or save and
publish), one draft message that says the draft is not live yet and links to its preview, one history in words
with a readable diff, and one revert page. Apps say how a version looks (``values_html``) and may give the
preview a page of their own (``preview_view``)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from core import publishing

PUBLISH = "_publish"  # the name of the "Save and publish" button


class ReadableHistory(HistoricalRecordContextHelper):
    """The history's "Changes" column in words: field labels, names, dates, and a word diff for long texts
    (django-simple-history shows "You c[84 chars] case…" and "Deleted user (pk=None)")."""

    def context_for_delta_changes(self, delta) -> list[dict[str, Any]]:
        return [publishing.change_in_words(self.model, c.field, c.old, c.new) for c in delta.changes]


class PublishingAdmin(SimpleHistoryAdmin):
    """Admin for a ``core.publishing.Publishable`` model."""

    change_form_template = "admin/publishing/change_form.html"
    object_history_form_template = "admin/publishing/revert_confirm.html"
    preview_template = "admin/publishing/preview.html"
    noun = "text"  # what runners see, in "runners still see the published text"
    published_message = "Published: runners see this text now."
    preview_words = "Preview the draft"  # the words of the link to the preview
    draft_form_fields: dict[str, str] | None = None  # form field -> model field, where their names differ

    # --- what apps say ---------------------------------------------------------------------------------------
    def values_html(self, obj, values: dict[str, Any]) -> str:
        """A version (``values``: the published fields) as runners will see it, as safe HTML."""
        raise NotImplementedError

    def draft_values_from(self, form) -> dict[str, Any]:
        mapping = self.draft_form_fields or {name: name for name in self.model.PUBLISHED_FIELDS}
        return {field: form.cleaned_data[name] for name, field in mapping.items() if name in form.cleaned_data}

    # --- the list and the change form -----------------------------------------------------------------------
    @admin.display(boolean=True, description="Unpublished changes")
    def unpublished(self, obj) -> bool:
        return obj.has_unpublished_changes

    def preview_url(self, obj) -> str:
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_preview", args=[obj.pk])

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["publishing"] = {"noun": self.noun, "preview_url": self.preview_url(obj) if obj else ""}
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    def save_model(self, request, obj, form, change):
        """A new record is a draft nobody sees until it is published (history records who added it); an edit
        is saved as the draft of the live record. "Save and publish" then publishes it."""
        if change:
            live = self.model.objects.get(pk=obj.pk)  # the live record, not the form's edited copy
            publishing.save_draft(obj=live, values=self.draft_values_from(form))
        else:
            obj.draft, obj.published_at, obj.published_by = {}, None, None
            obj._history_user, obj._change_reason = request.user, publishing.REASON_ADDED
            obj.save()
            live = obj
        request.publishing_outcome = "draft"
        if PUBLISH in request.POST:
            try:
                publishing.publish(obj=live, user=request.user)
            except ValidationError as exc:  # the form checks what it can; the record's own rules still refuse
                messages.error(request, " ".join(exc.messages))
                request.publishing_outcome = "refused"
            else:
                request.publishing_outcome = "published"

    def _after_save(self, request, obj, *, added: bool):
        """Only our message (not Django's "…was changed successfully"): published, refused, or a draft that is
        not live yet, with a link to its preview."""
        opts = self.model._meta
        outcome = getattr(request, "publishing_outcome", "draft")
        if outcome == "published":
            messages.success(request, self.published_message)
            return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        if outcome == "draft":
            saved = "Added as a draft" if added else "Draft saved"
            still = f"nobody sees this {self.noun} yet" if added else f"runners still see the published {self.noun}"
            messages.info(
                request,
                format_html(
                    '{}. It is not live yet: {}. <a href="{}">{}</a>, then choose “Save and publish” to make it live.',
                    saved,
                    still,
                    self.preview_url(obj),
                    self.preview_words,
                ),
            )
        return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))

    def response_change(self, request, obj):
        return self._after_save(request, obj, added=False)

    def response_add(self, request, obj, post_url_continue=None):
        return self._after_save(request, obj, added=True)

    # --- preview -------------------------------------------------------------------------------------------
    def get_urls(self):
        opts = self.model._meta
        preview = path(
            "<path:object_id>/preview/",
            self.admin_site.admin_view(self._preview),
            name=f"{opts.app_label}_{opts.model_name}_preview",
        )
        return [preview, *super().get_urls()]

    def _preview(self, request, object_id):
        obj = get_object_or_404(self.model, pk=object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        return self.preview_view(request, obj)

    def preview_view(self, request, obj):
        """The draft as runners will see it, beside what they see now. Staff only (checked before)."""
        opts = self.model._meta
        values = obj.draft_values()
        context = {
            **self.admin_site.each_context(request),
            "opts": opts,
            "original": obj,
            "title": f"Preview of the draft of “{obj.publishing_title(values)}”",
            "noun": self.noun,
            "draft_html": self.values_html(obj, values),
            "published_html": self.values_html(obj, obj.published_values()) if obj.published_at else "",
            "change_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]),
        }
        return render(request, self.preview_template, context)

    # --- history and revert --------------------------------------------------------------------------------
    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableHistory(self.model, historical_record)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """An earlier version, what publishing it again would change, and on POST publishing it again (as a
        new version: history keeps everything)."""
        obj = get_object_or_404(self.model, pk=object_id)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        version = next((v for v in publishing.history(obj) if str(v.version_id) == str(version_id)), None)
        if version is None:
            raise Http404("No such version.")
        opts = self.model._meta
        history_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk])
        if request.method == "POST":
            try:
                publishing.revert_to(obj=obj, version_id=version.version_id, user=request.user)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
                return redirect(history_url)
            messages.success(request, "That version is published again.")
            return redirect(f"admin:{opts.app_label}_{opts.model_name}_change", obj.pk)
        live = obj.published_values()
        context = {
            **self.admin_site.each_context(request),
            "opts": opts,
            "original": obj,
            "version": version,
            "version_html": self.values_html(obj, version.values),
            "changes": [
                publishing.change_in_words(self.model, name, live[name], version.values[name])
                for name in self.model.PUBLISHED_FIELDS
                if live[name] != version.values[name]
            ],
            "name": obj.publishing_title(),
            "title": f"Revert “{obj.publishing_title()}”",
            "history_url": history_url,
        }
        return render(request, self.object_history_form_template, context)
