"""Draft, publish, revert and history for records admins edit before anyone sees them (triage's advice texts,
plans' stages): one mechanism, knowing nothing of what the records are.

A publishable model inherits ``Publishable``, names in ``PUBLISHED_FIELDS`` the columns an admin edits,
and keeps its history with django-simple-history, the draft left out::

    class Stage(Publishable):
        PUBLISHED_FIELDS = ("name", "minutes")
        history = HistoricalRecords(excluded_fields=["draft"])

The columns are the live version everyone reads. ``draft`` holds the edited values that differ from them
(empty: nothing pending). ``save_draft`` keeps work in progress (no history row, nothing live changes);
``publish`` makes the draft live and records who, when and why as a history row; ``revert_to`` publishes
an earlier version again, as a new version (history keeps everything). ``history`` lists the published
versions, each with what it changed in words. A model checks its own rules before a publish in
``validate_publish`` (a ValidationError refuses it and changes nothing).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.conf import settings
from django.db import models, transaction
from django.template.defaultfilters import date as date_filter
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from simple_history.models import DeletedObject

REASON_PUBLISHED = "Published"
REASON_ADDED = "Added (not published)"


class Publishable(models.Model):
    """The live columns (``PUBLISHED_FIELDS``), a draft over them, and who published them and when."""

    PUBLISHED_FIELDS: ClassVar[tuple[str, ...]] = ()

    draft = models.JSONField(default=dict, blank=True)  # {field: edited value} for fields that differ
    published_at = models.DateTimeField(null=True, blank=True)  # None: never published, nobody sees it
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def published_values(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.PUBLISHED_FIELDS}

    def draft_values(self) -> dict[str, Any]:
        """The draft over the live values (the live ones where the draft has none)."""
        draft = {k: v for k, v in (self.draft or {}).items() if k in self.PUBLISHED_FIELDS}
        return {**self.published_values(), **draft}

    @property
    def has_unpublished_changes(self) -> bool:
        """Never published yet, or a draft that differs from the live version."""
        return self.published_at is None or self.draft_values() != self.published_values()

    def publishing_title(self, values: dict[str, Any] | None = None) -> str:
        """How admins name this record (its title, never a code), from ``values`` or the live version."""
        return str(self)

    def validate_publish(self) -> None:
        """The model's own rules for a version about to go live (its columns hold it): raise ValidationError."""


def save_draft(*, obj: Publishable, values: dict[str, Any]) -> Publishable:
    """Keeps an admin's work in progress: only the values that differ from the live version. Nothing live
    changes and history gets no row."""
    live = obj.published_values()
    obj.draft = {name: values[name] for name in obj.PUBLISHED_FIELDS if name in values and values[name] != live[name]}
    obj.skip_history_when_saving = True
    try:
        obj.save(update_fields=["draft", "updated_at"])
    finally:
        del obj.skip_history_when_saving
    return obj


def publish(*, obj: Publishable, user: Any, reason: str = REASON_PUBLISHED) -> Publishable:
    """Makes the draft live; history records the version, who published it, when and why. When the model
    refuses the version (``validate_publish``), nothing is saved and the object keeps its live values."""
    live = obj.published_values()
    with transaction.atomic():
        for name, value in obj.draft_values().items():
            setattr(obj, name, value)
        try:
            obj.validate_publish()
        except Exception:
            for name, value in live.items():
                setattr(obj, name, value)
            raise
        obj.draft = {}
        obj.published_at = timezone.now()
        obj.published_by = user
        obj._history_user = user
        obj._change_reason = reason
        obj.save()
    return obj


def revert_to(*, obj: Publishable, version_id: int, user: Any) -> Publishable:
    """Publishes an earlier version again, as a new version (history keeps everything). A draft in
    progress is replaced by that version."""
    version = obj.history.get(history_id=version_id)
    obj.draft = {name: getattr(version, name) for name in obj.PUBLISHED_FIELDS}
    when = timezone.localtime(version.history_date, dt.UTC)
    return publish(obj=obj, user=user, reason=f"Reverted to the version of {when:%Y-%m-%d %H:%M} UTC")


# --- history, in words ---------------------------------------------------------------------------------------
def in_words(value: Any) -> str:
    """A value as an admin reads it: a person's name, a date in words, a dash for nothing."""
    if value is None or value == "":
        return "–"
    if isinstance(value, DeletedObject):  # simple-history's stand-in for a related row that is gone
        return "–" if value.pk is None else "a deleted account"
    if isinstance(value, dt.datetime):
        return date_filter(timezone.localtime(value), "j M Y, H:i")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "–"
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


LONG_TEXT = 60  # characters (old and new together) from which a change is shown as a word diff


def change_in_words(model: type[models.Model], name: str, old: Any, new: Any) -> dict[str, Any]:
    """One field's change: its label, and either a word diff (long texts) or the old and new values in words."""
    label = capfirst(model._meta.get_field(name).verbose_name)
    if isinstance(old, str) and isinstance(new, str) and len(old) + len(new) > LONG_TEXT:
        return {"field": label, "diff": word_diff(old, new)}
    return {"field": label, "old": in_words(old), "new": in_words(new)}


@dataclass(frozen=True)
class Version:
    """One published version: when, who, why, and what changed from the version before."""

    version_id: int
    when: dt.datetime
    who: str  # a name, or "–" (a migration, a deleted account)
    reason: str
    values: dict[str, Any]
    changes: list[dict[str, Any]] = field(default_factory=list)


def history(obj: Publishable) -> list[Version]:
    """The published versions of ``obj``, newest first, each with its changes in words (one query)."""
    rows = list(obj.history.select_related("history_user").order_by("history_date", "history_id"))
    versions, before = [], None
    for row in rows:
        values = {name: getattr(row, name) for name in obj.PUBLISHED_FIELDS}
        changes = [
            change_in_words(type(obj), name, before[name], values[name])
            for name in obj.PUBLISHED_FIELDS
            if before is not None and before[name] != values[name]
        ]
        versions.append(
            Version(
                version_id=row.history_id,
                when=row.history_date,
                who=in_words(row.history_user),
                reason=row.history_change_reason or row.get_history_type_display(),
                values=values,
                changes=changes,
            )
        )
        before = values
    return versions[::-1]
