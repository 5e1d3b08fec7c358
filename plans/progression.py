"""The progression rule: from a stage's logged sessions and the daily entries to a decision.

Pure: plain dataclasses in, a ``Decision`` out; no database, no request. ``plans.selectors`` gathers
the facts from the journal and monitoring; this module only decides.

The thresholds follow the pain-monitoring model used in physiotherapy for loading painful tissue:
pain during activity may reach an acceptable level, must have settled by the next morning, and must
not rise from week to week.

- Thomeé R. A comprehensive treatment approach for patellofemoral pain syndrome in young women.
  Phys Ther. 1997;77(12):1690-1703 (pain during exercise up to 5/10 is acceptable).
- Silbernagel KG, Thomeé R, Eriksson BI, Karlsson J. Continued sporting activity, using a
  pain-monitoring model, during rehabilitation in patients with Achilles tendinopathy.
  Am J Sports Med. 2007;35(6):897-906 (pain may reach 5/10 during activity, must settle by the next
  morning, and must not increase week to week).

Backtrack is stricter before moving on: progressing needs two sessions at 3/10 or less (the green
zone), 4-5/10 holds the stage, above 5/10 steps back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Thresholds:
    """Every number the rule uses, in one place (documented in docs/plans.md)."""

    sessions_to_progress: int = 2  # the last N sessions of the stage are judged
    progress_max_pain_during: int = 3  # at most this during every judged session: may progress
    hold_max_pain_during: int = 5  # 4-5 holds; above 5 steps back (Thomeé 1997; Silbernagel 2007)
    hold_morning_rise: int = 1  # next-morning pain up by exactly this: hold
    step_back_morning_rise: int = 2  # up by this or more: step back
    skipped_for_pain_in_a_row: int = 2  # this many sessions in a row skipped for pain: step back


DEFAULTS = Thresholds()

PROGRESS, HOLD, STEP_BACK, PAUSED = "progress", "hold", "step_back", "paused"
DECISIONS = (PROGRESS, HOLD, STEP_BACK, PAUSED)
# On the last stage, a decision that would otherwise be progress is a hold with ``data["complete"]``: the
# runner has completed the plan and may finish it (which ends it and asks for the final PSFS rating).
COMPLETE = "complete"


@dataclass(frozen=True)
class Logged:
    """One planned session of the current stage: done (a journal session) or skipped."""

    day: dt.date
    pain_during: int | None = None  # 0-10; None when not recorded
    skipped: str = ""  # "" done, "pain" skipped because of the back, "other" skipped for another reason


@dataclass(frozen=True)
class Facts:
    """Everything the rule looks at, already read from the database."""

    stage: int
    last_stage: int
    today: dt.date
    sessions: Sequence[Logged] = ()  # this stage's sessions and skips (from the stage's first day)
    morning_pain: Mapping[dt.date, int] = field(default_factory=dict)  # the day's entry pain, by day
    warning_days: Sequence[dt.date] = ()  # days whose entry has a warning sign (since the last clearance)
    urgent_flags: Sequence[str] = ()  # names of open urgent flags (since the last clearance)
    worrying_checks: Sequence[str] = ()  # verdict names of saved checks that say not to run (since clearance)
    physio_paused: bool = False
    physio_hold: bool = False


@dataclass(frozen=True)
class Decision:
    decision: str
    reasons: tuple[str, ...]
    data: dict = field(default_factory=dict)  # the numbers behind it, for the physio


def _day(day: dt.date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def morning_change(day: dt.date, morning_pain: Mapping[dt.date, int]) -> int | None:
    """Next-morning pain minus the pain of the morning before the session (None while unknown)."""
    before = morning_pain.get(day)
    if before is None:
        before = morning_pain.get(day - dt.timedelta(days=1))
    after = morning_pain.get(day + dt.timedelta(days=1))
    if before is None or after is None:
        return None
    return after - before


def decide(facts: Facts, limits: Thresholds = DEFAULTS) -> Decision:
    paused = _pause_reasons(facts)
    if paused:
        return Decision(PAUSED, tuple(paused))

    logged = sorted(facts.sessions, key=lambda s: s.day)
    judged = logged[-limits.sessions_to_progress :] if logged else []
    data = {
        "sessions": [
            {
                "day": s.day.isoformat(),
                "pain_during": s.pain_during,
                "skipped": s.skipped,
                "morning_change": None if s.skipped else morning_change(s.day, facts.morning_pain),
            }
            for s in judged
        ]
    }

    step_back: list[str] = []
    hold: list[str] = []
    tail = logged[-limits.skipped_for_pain_in_a_row :]
    if len(tail) == limits.skipped_for_pain_in_a_row and all(s.skipped == "pain" for s in tail):
        step_back.append(f"You skipped your last {len(tail)} sessions because of your back.")
    for s in judged:
        if s.skipped:
            continue
        if s.pain_during is not None and s.pain_during > limits.hold_max_pain_during:
            step_back.append(
                f"Pain during the session on {_day(s.day)} was {s.pain_during}/10, "
                f"above {limits.hold_max_pain_during}/10."
            )
        elif s.pain_during is not None and s.pain_during > limits.progress_max_pain_during:
            hold.append(
                f"Pain during the session on {_day(s.day)} was {s.pain_during}/10: "
                f"fine to carry on, not yet to do more."
            )
        change = morning_change(s.day, facts.morning_pain)
        if change is not None and change >= limits.step_back_morning_rise:
            step_back.append(
                f"The morning after {_day(s.day)} your back was {change} points worse than the morning before."
            )
        elif change is not None and change >= limits.hold_morning_rise:
            hold.append(f"The morning after {_day(s.day)} your back was {change} point worse than the morning before.")

    if step_back:
        if facts.stage <= 1:
            return Decision(HOLD, (*step_back, "This is the first stage, so stay on it until the pain settles."), data)
        return Decision(STEP_BACK, (*step_back, f"Go back to stage {facts.stage - 1} until it settles."), data)
    if facts.physio_hold:
        hold.append("Your physio asked you to stay on this stage for now.")
    if hold:
        return Decision(HOLD, tuple(hold), data)

    waiting = _waiting_reasons(judged, facts, limits)
    if waiting:
        return Decision(HOLD, tuple(waiting), data)
    pains = " and ".join(f"{s.pain_during}/10" for s in judged)
    good = (
        f"Pain during your last {len(judged)} sessions was {pains} "
        f"({limits.progress_max_pain_during}/10 or less), and each next morning was no worse than the morning before."
    )
    if facts.stage >= facts.last_stage:
        return Decision(HOLD, (good, "This is the last stage: keep training like this."), {**data, COMPLETE: True})
    return Decision(PROGRESS, (good, f"You are ready for stage {facts.stage + 1}."), data)


def _pause_reasons(facts: Facts) -> list[str]:
    reasons = []
    if facts.physio_paused:
        reasons.append("Your physio has paused the plan.")
    if facts.warning_days:
        days = ", ".join(_day(d) for d in sorted(facts.warning_days))
        reasons.append(f"You logged a warning sign ({days}). Get it checked by a clinician before you run.")
    for name in facts.urgent_flags:
        reasons.append(f"An urgent flag is open: {name}. Get it checked by a clinician before you run.")
    for name in facts.worrying_checks:
        reasons.append(f"Your saved check said: {name}.")
    return reasons


def _waiting_reasons(judged: Sequence[Logged], facts: Facts, limits: Thresholds) -> list[str]:
    done = [s for s in judged if not s.skipped]
    if len(done) < limits.sessions_to_progress:
        need = limits.sessions_to_progress - len(done)
        return [f"Do {need} more session{'s' if need > 1 else ''} of this stage before moving on."]
    reasons = []
    for s in done:
        if s.pain_during is None:
            reasons.append(f"Add how much your back hurt during the session on {_day(s.day)}.")
        if morning_change(s.day, facts.morning_pain) is None:
            if s.day + dt.timedelta(days=1) > facts.today:
                reasons.append(f"Log your back tomorrow morning to see how it settled after {_day(s.day)}.")
            else:
                reasons.append(f"Log your back's pain on the morning before and after {_day(s.day)}.")
    return list(dict.fromkeys(reasons))  # two sessions on one day ask for that day's mornings once
