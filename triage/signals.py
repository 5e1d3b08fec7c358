"""What triage announces to higher apps (they connect in their ``AppConfig.ready()``)."""

from __future__ import annotations

from django.dispatch import Signal

# A runner's health background changed. Arguments: runner, before, after (lists of
# triage.rulebook.PROFILE_CONDITIONS codes). Sent from triage.services.standing_conditions_set.
standing_conditions_changed = Signal()
