"""Advice text that admins edit: one record per stable code.

`title` and `body` are the published text runners see; `draft_title` and `draft_body` are what an
admin is working on (previewed on the real result page, then published). History
(django-simple-history) records each published version, who published it and when; saving a draft
adds no history row, so a result's recorded version is always one runners could have seen.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from triage.codes import REQUIRED_ADVICE, AdviceCode


class AdviceText(models.Model):
    """A verdict, cause or advice text shown on the result page and in the API, written in Markdown."""

    code = models.CharField(max_length=40, unique=True, choices=AdviceCode.choices)
    title = models.CharField(max_length=120)
    body = models.TextField(
        "text (Markdown)",
        blank=True,
        max_length=10_000,
        help_text="Markdown: **bold**, *italic*, lists with '- ', links as [words](https://...). "
        "Scripts, styles and unsafe links are removed when the text is shown.",
    )
    draft_title = models.CharField("draft title", max_length=120, blank=True)
    draft_body = models.TextField(
        "draft text (Markdown)",
        blank=True,
        max_length=10_000,
        help_text="Markdown: **bold**, *italic*, lists with '- ', links as [words](https://...). "
        "Scripts, styles and unsafe links are removed when the text is shown. Runners see it only once published.",
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["draft_title", "draft_body"])

    class Meta:
        ordering = ["code"]
        verbose_name = "advice text"
        constraints = [
            # The emergency and see-clinician texts tell someone to get care: never empty.
            models.CheckConstraint(
                condition=~Q(code__in=sorted(REQUIRED_ADVICE)) | ~Q(body=""),
                name="advice_required_texts_not_empty",
                violation_error_message="This text tells runners to get care, so it cannot be empty.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_code_display()}: {self.title}"

    def clean(self) -> None:
        super().clean()
        if self.code in REQUIRED_ADVICE and not (self.body or "").strip():
            raise ValidationError({"body": "This text tells runners to get care, so it cannot be empty."})

    @property
    def has_unpublished_changes(self) -> bool:
        return (self.draft_title, self.draft_body) != (self.title, self.body)
