"""Advice text that admins edit: one record per stable code.

`title` and `body` are the published text runners see; draft, publish, revert and history are
``core.publishing``'s (the draft is previewed on the real result page, then published). History
(django-simple-history) records each published version, who published it and when; saving a draft
adds no history row, so a result's recorded version is always one runners could have seen.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from core.publishing import Publishable
from triage.codes import REQUIRED_ADVICE, AdviceCode
from triage.contacts import numbers_in

EMPTY_REQUIRED = "This text tells runners to get care, so it cannot be published empty."
NUMBERS_IN_TEXT = (
    "Leave the phone numbers out ({numbers}): the page adds the right ones for the runner's country, "
    "as tap-to-call links, under this text."
)


class AdviceText(Publishable):
    """A verdict, cause or advice text shown on the result page and in the API, written in Markdown."""

    PUBLISHED_FIELDS = ("title", "body")

    code = models.CharField(max_length=40, unique=True, choices=AdviceCode.choices)
    title = models.CharField(max_length=120)
    body = models.TextField(
        "text (Markdown)",
        blank=True,
        max_length=10_000,
        help_text="Markdown: **bold**, *italic*, lists with '- ', links as [words](https://...). "
        "Scripts, styles and unsafe links are removed when the text is shown.",
    )

    history = HistoricalRecords(excluded_fields=["draft"])

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

    def publishing_title(self, values: dict | None = None) -> str:
        return (values or {}).get("title") or self.title

    def validate_publish(self) -> None:
        """A text that sends people to care is never published empty, nor with phone numbers in it (the page
        adds the runner's own numbers under it)."""
        if self.code not in REQUIRED_ADVICE:
            return
        if not (self.body or "").strip():
            raise ValidationError({"body": EMPTY_REQUIRED})
        if numbers := numbers_in(self.body):
            raise ValidationError({"body": NUMBERS_IN_TEXT.format(numbers=", ".join(numbers))})
