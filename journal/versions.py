"""The per-runner journal version: what cached history is keyed by.

Every write to a runner's entries, sessions, saved checks or plans raises their version in the same
transaction, so a rolled-back write leaves it as it was and a committed one gives every cached fragment
of that runner a new key. Two ways in, so that no write path has to remember it:

- each tracked model (``track``: the journal's own here, the plans' in ``PlansConfig.ready()``) raises
  the version from Django's ``post_save`` and ``post_delete``, which covers every ``save()``,
  ``create()``, ``get_or_create()``, ``update_or_create()`` and ``delete()``, the admin's included;
- what sends no model signal (``bulk_create``, ``QuerySet.update()``) goes through a service that calls
  ``announce_journal_changed``, which raises it too (``journal.signals``).

``tests/journal/test_journal_version.py`` goes through every write path, and fails when a module calls
``bulk_create``/``update`` on a tracked model without announcing it, or when a model that holds a
runner's journal data is not tracked.

Deleting an account deletes its version row with it (cascade); the cache key also carries the account's
creation time, so a new account can never meet an old one's cached pages.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.db.models.signals import post_delete, post_save

from journal.models import JournalVersion

_tracked: dict[type[models.Model], Callable[[models.Model], int | None]] = {}


def journal_version_bump(runner_id: int | None) -> None:
    """Raises the runner's journal version by one, inside the caller's transaction."""
    if runner_id is None:
        return
    if JournalVersion.objects.filter(runner_id=runner_id).update(version=F("version") + 1):
        return
    try:
        with transaction.atomic():  # a savepoint: a concurrent first write may create the row first
            JournalVersion.objects.create(runner_id=runner_id, version=1)
    except IntegrityError:
        JournalVersion.objects.filter(runner_id=runner_id).update(version=F("version") + 1)


def journal_version(runner_id: int) -> int:
    """The runner's current journal version (0 before their first write)."""
    return JournalVersion.objects.filter(runner_id=runner_id).values_list("version", flat=True).first() or 0


def tracked_models() -> tuple[type[models.Model], ...]:
    return tuple(_tracked)


def _bump_on_save(sender, instance, **kwargs) -> None:
    if kwargs.get("raw"):  # loaddata
        return
    journal_version_bump(_tracked[sender](instance))


def _bump_on_delete(sender, instance, origin=None, **kwargs) -> None:
    # An account being deleted takes its version row with it: nothing to raise (and no row to recreate).
    # (``origin`` is what delete() was called on: a user, or a queryset of users from the admin.)
    deleted = origin.model if isinstance(origin, models.QuerySet) else type(origin)
    if deleted is get_user_model():
        return
    journal_version_bump(_tracked[sender](instance))


def track(model: type[models.Model], runner_of: Callable[[models.Model], int | None]) -> None:
    """Raise the version of ``runner_of(instance)`` whenever an instance of ``model`` is saved or deleted."""
    _tracked[model] = runner_of
    uid = f"journal-version-{model._meta.label}"
    post_save.connect(_bump_on_save, sender=model, dispatch_uid=uid + "-save")
    post_delete.connect(_bump_on_delete, sender=model, dispatch_uid=uid + "-delete")


def track_journal_models() -> None:
    from journal.models import Entry, SavedCheck, TrainingSession

    for model in (Entry, TrainingSession, SavedCheck):
        track(model, lambda instance: instance.runner_id)
