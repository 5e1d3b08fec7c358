"""Events the journal announces to the layers above it (they connect in their ``AppConfig.ready()``).

The journal knows nothing of who listens: monitoring queues a check when a runner's journal changed.
"""

from __future__ import annotations

from django.dispatch import Signal

from journal.versions import journal_version_bump

#: Sent inside the transaction that changed a runner's entries or sessions; kwargs: ``runner_id``.
journal_changed = Signal()


def announce_journal_changed(runner_id: int) -> None:
    """Raises the runner's journal version (``journal.versions``) and tells the layers above, inside the
    caller's transaction: the one call a bulk or queryset write path must make."""
    journal_version_bump(runner_id)
    journal_changed.send(sender=None, runner_id=runner_id)
