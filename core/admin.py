"""Admin pieces shared by apps whose records are published from drafts (triage's advice texts, plans' stages)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from simple_history.admin import SimpleHistoryAdmin


class RevertByPublishingAdmin(SimpleHistoryAdmin):
    """History's "revert" shows an earlier version and, on POST, publishes it again through the app's own
    service, as a new version: history keeps everything. Subclasses say how to publish and show a version."""

    def revert(self, obj, history_id: int, user) -> None:
        raise NotImplementedError

    def version_html(self, obj, version) -> str:
        raise NotImplementedError

    def revert_title(self, obj) -> str:
        return f"Revert {obj}"

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        obj = get_object_or_404(self.model, pk=object_id)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        version = get_object_or_404(obj.history.model, id=obj.pk, history_id=version_id)
        url_name = f"admin:{self.model._meta.app_label}_{self.model._meta.model_name}"
        if request.method == "POST":
            try:
                self.revert(obj, version.history_id, request.user)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
                return redirect(f"{url_name}_history", obj.pk)
            messages.success(request, "That version is published again.")
            return redirect(f"{url_name}_change", obj.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": obj,
            "version": version,
            "version_html": self.version_html(obj, version),
            "title": self.revert_title(obj),
        }
        return render(request, self.object_history_form_template, context)
