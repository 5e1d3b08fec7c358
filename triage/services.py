"""Writes: a runner's health background. (The advice texts are drafted, published and reverted through
``core.publishing``; their own rules are ``AdviceText.validate_publish``.)"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from triage.rulebook import PROFILE_CONDITIONS
from triage.signals import standing_conditions_changed


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
