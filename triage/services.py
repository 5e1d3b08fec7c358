"""Writes: the advice texts (save a draft, publish it, revert to an earlier published version), and a
runner's health background."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from triage.codes import REQUIRED_ADVICE
from triage.contacts import numbers_in
from triage.models import AdviceText
from triage.rulebook import PROFILE_CONDITIONS
from triage.signals import standing_conditions_changed

EMPTY_REQUIRED = "This text tells runners to get care, so it cannot be published empty."
NUMBERS_IN_TEXT = (
    "Leave the phone numbers out ({numbers}): the page adds the right ones for the runner's country, "
    "as tap-to-call links, under this text."
)


def advice_draft_save(*, text: AdviceText, title: str, body: str) -> AdviceText:
    """Keeps the admin's work in progress. Runners still see the published text; no history row."""
    text.draft_title, text.draft_body = title, body
    text.skip_history_when_saving = True
    try:
        text.save(update_fields=["draft_title", "draft_body", "updated_at"])
    finally:
        del text.skip_history_when_saving
    return text


def advice_publish(*, text: AdviceText, user: Any, reason: str = "Published") -> AdviceText:
    """Makes the draft the text runners see; history records the version, who and when."""
    if text.code in REQUIRED_ADVICE and not (text.draft_body or "").strip():
        raise ValidationError({"draft_body": EMPTY_REQUIRED})
    if text.code in REQUIRED_ADVICE and (numbers := numbers_in(text.draft_body)):
        raise ValidationError({"draft_body": NUMBERS_IN_TEXT.format(numbers=", ".join(numbers))})
    with transaction.atomic():
        text.title = text.draft_title or text.title
        text.body = text.draft_body
        text.published_at = timezone.now()
        text.published_by = user
        text._history_user = user
        text._change_reason = reason
        text.save()
    return text


def advice_revert(*, text: AdviceText, history_id: int, user: Any) -> AdviceText:
    """Publishes an earlier version again (as a new version: history keeps everything)."""
    version = text.history.get(history_id=history_id)
    text.draft_title, text.draft_body = version.title, version.body
    return advice_publish(
        text=text, user=user, reason=f"Reverted to the version of {version.history_date:%Y-%m-%d %H:%M} UTC"
    )


def standing_conditions_set(*, runner: Any, conditions: list[str]) -> list[str]:
    """Keeps the runner's health background (codes from PROFILE_CONDITIONS, stored in the rulebook's order)
    and, when it changed, announces it (``triage.signals.standing_conditions_changed``) for higher apps."""
    unknown = set(conditions) - set(PROFILE_CONDITIONS)
    if unknown:
        raise ValidationError(f"Unknown conditions: {', '.join(sorted(unknown))}.")
    before = list(runner.standing_conditions or [])
    after = [code for code in PROFILE_CONDITIONS if code in set(conditions)]
    if after != before:
        with transaction.atomic():
            runner.standing_conditions = after
            runner.save(update_fields=["standing_conditions"])
            standing_conditions_changed.send(sender=None, runner=runner, before=before, after=after)
    return after
