"""Activities read from watch files or export lists, added to the journal as training sessions.

A duplicate is a session of the runner's that starts within DUPLICATE_WINDOW of it with about the same
distance (within 5 %, or 100 m): it is skipped and counted, so importing the same export twice adds
nothing. Running is logged as an easy run, walking as a walk, anything else as cross-training (it
counts as load, not as running distance).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from journal.models import SessionType, TrainingSession, number_range
from journal.signals import announce_journal_changed
from journal.watch import Activity, WatchFileError, checked, read_watch_file, sport_of

DUPLICATE_WINDOW = dt.timedelta(minutes=1)
SESSION_TYPE = {"run": SessionType.EASY, "walk": SessionType.WALK, "other": SessionType.CROSS_TRAINING}
KIND_WORDS = {"run": "runs", "walk": "walks", "other": "cross-training"}


@dataclass
class Leg:
    """What became of one activity: "added", "duplicate" or "refused", with its kind and reason."""

    kind: str  # "run", "walk" or "other"
    outcome: str
    reason: str = ""
    flags: list[str] = field(default_factory=list)
    session_id: int | None = None

    def as_json(self) -> dict:
        return {
            "kind": self.kind,
            "outcome": self.outcome,
            "reason": self.reason,
            "flags": self.flags,
            "session": self.session_id,
        }


def _limits() -> tuple[tuple[int, int], tuple[int, int]]:
    return number_range(TrainingSession, "distance_m"), number_range(TrainingSession, "duration_s")


def check_activity(activity: Activity) -> None:
    (dist_low, dist_high), (dur_low, dur_high) = _limits()
    if not dur_low <= activity.duration_s <= dur_high:
        raise WatchFileError(f"its duration is zero or longer than {dur_high / 3600:g} hours")
    if not dist_low <= activity.distance_m <= dist_high:
        raise WatchFileError(f"its distance is longer than {dist_high / 1000:g} km")
    if activity.started_at > timezone.now() + dt.timedelta(minutes=5):
        raise WatchFileError("it starts in the future")


def is_duplicate(runner: User, activity: Activity) -> bool:
    near = TrainingSession.objects.filter(
        runner=runner,
        started_at__gte=activity.started_at - DUPLICATE_WINDOW,
        started_at__lte=activity.started_at + DUPLICATE_WINDOW,
    ).values_list("started_at", "distance_m")
    for started, distance in near:
        if started == activity.started_at:
            return True  # one session per start (the database's own rule)
        if abs(distance - activity.distance_m) <= max(100, 0.05 * activity.distance_m):
            return True
    return False


def activity_add(*, runner: User, activity: Activity) -> Leg:
    """Adds one activity as a session in its own transaction, unless it is a duplicate or out of range."""
    try:
        check_activity(activity)
    except WatchFileError as exc:
        return Leg(kind=activity.sport, outcome="refused", reason=str(exc), flags=list(activity.flags))
    if is_duplicate(runner, activity):
        return Leg(kind=activity.sport, outcome="duplicate", flags=list(activity.flags))
    try:
        with transaction.atomic():
            session = TrainingSession.objects.create(
                runner=runner,
                day=timezone.localtime(activity.started_at, runner.zone).date(),
                started_at=activity.started_at,
                session_type=SESSION_TYPE[activity.sport],
                distance_m=activity.distance_m,
                duration_s=activity.duration_s,
                notes=activity.name,
                source=activity.source,
            )
    except IntegrityError:  # the same start saved meanwhile (two imports at once)
        return Leg(kind=activity.sport, outcome="duplicate", flags=list(activity.flags))
    return Leg(kind=activity.sport, outcome="added", flags=list(activity.flags), session_id=session.pk)


def with_hint(activity: Activity, hint: dict) -> Activity:
    """The export list's word wins over the file's guess: its activity type and its name."""
    label = str(hint.get("label") or "")
    sport = sport_of(label) if label else None
    if sport is None and not hint.get("name"):
        return activity
    return checked(
        replace(
            activity,
            sport=sport or activity.sport,
            label=label or activity.label,
            name=str(hint.get("name") or activity.name)[:100],
            flags=(),
        )
    )


@dataclass
class WatchResult:
    name: str
    ok: bool
    message: str
    legs: list[Leg] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)

    @property
    def added(self) -> int:
        return sum(1 for leg in self.legs if leg.outcome == "added")


def _message(legs: list[Leg], dropped: list[str]) -> str:
    parts = []
    for outcome, words in (("added", "Imported"), ("duplicate", "Skipped, already in your journal")):
        kinds = [KIND_WORDS[leg.kind] for leg in legs if leg.outcome == outcome]
        if kinds:
            parts.append(f"{words}: {', '.join(sorted(set(kinds)))}" if len(legs) > 1 else words)
    for leg in legs:
        if leg.outcome == "refused":
            parts.append(f"Not imported: {leg.reason}")
        parts.extend(f"Check it: {flag}" for flag in leg.flags)
    parts.extend(f"Left out: {note}" for note in dropped)
    return ". ".join(parts) + "."


def watch_file_import(
    *, runner: User, name: str, data: bytes, hint: dict | None = None, announce: bool = True
) -> WatchResult:
    """Reads one watch file (each leg of a multisport file its own session); refusals name the reason.

    With announce=False the caller announces the journal change once, after a batch of files."""
    try:
        reading = read_watch_file(name, data)
    except WatchFileError as exc:
        return WatchResult(name=name, ok=False, message=f"Not imported: {exc}.")
    legs = []
    for activity in reading.legs:
        if hint and len(reading.legs) == 1:
            activity = with_hint(activity, hint)
        legs.append(activity_add(runner=runner, activity=activity))
    result = WatchResult(
        name=name,
        ok=any(leg.outcome != "refused" for leg in legs),
        message=_message(legs, reading.dropped),
        legs=legs,
        dropped=reading.dropped,
    )
    if announce and result.added:
        announce_journal_changed(runner.pk)
    return result
