"""The progression rule: from a stage's logged sessions and the daily entries to a decision.

Pure: plain dataclasses in, a ``Decision`` out; no database, no request. ``plans.selectors`` gathers
the facts from the journal and monitoring; this module only decides. Every clinical number it uses is
read from the rulebook (``triage.rulebook``): the pain bands, what "settled by the next morning" means
(``rulebook.settling``, the same classification monitoring's "not settling" flag uses), the minimal
important change, the windows, and the plan's own facts (its section 8).

The rule follows the pain-monitoring model used in physiotherapy for loading painful tissue: pain
during and after activity may reach an acceptable level, must have settled by the next morning, and
must not rise from week to week.

- Thomeé R. A comprehensive treatment approach for patellofemoral pain syndrome in young women.
  Phys Ther. 1997;77(12):1690-1703 (pain during exercise up to 5/10 is acceptable).
- Silbernagel KG, Thomeé R, Eriksson BI, Karlsson J. Continued sporting activity, using a
  pain-monitoring model, during rehabilitation in patients with Achilles tendinopathy.
  Am J Sports Med. 2007;35(6):897-906 (pain may reach 5/10 during and after activity, must settle by
  the next morning, and must not increase week to week).

Backtrack is stricter before moving on: progressing needs the stage's last sessions, each on a
different day and done as the stage prescribes, at GREEN_PAIN or less during and after.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from core.dates import day_in_words
from triage import rulebook as rb

PROGRESS, HOLD, STEP_BACK, PAUSED = "progress", "hold", "step_back", "paused"
# On the last stage, a decision that would otherwise be progress is a hold with ``data["complete"]``: the
# runner has completed the plan and may finish it (which ends it and asks for the final PSFS rating).
COMPLETE = "complete"

TYPE_WORDS = {
    "walk": "walk",
    "run_walk": "run:walk",
    "easy": "easy run",
    "long": "long run",
    "fartlek": "fartlek",
    "stairs": "stairs session",
    "tempo": "tempo run",
    "intervals": "interval session",
    "hills": "hill session",
    "race": "race",
}


@dataclass(frozen=True)
class Logged:
    """One session (a journal session) or a planned session skipped."""

    day: dt.date
    pain_during: int | None = None  # 0-10; None when not recorded
    skipped: str = ""  # "" done, "pain" skipped because of the back, "other" skipped for another reason
    session_type: str = ""  # the journal's type code ("walk", "run_walk", "easy", ...)
    minutes: float | None = None  # how long it lasted
    pain_after: int | None = None  # 0-10 after the session; None when not recorded


@dataclass(frozen=True)
class Facts:
    """Everything the rule looks at, already read from the database."""

    stage: int
    last_stage: int
    today: dt.date
    planned_type: str  # the session the stage (or the physio) prescribes: its type ...
    planned_minutes: int  # ... and its minutes
    counting_from: dt.date | None = None  # the plan's start or the stage's first day, whichever is later
    # Sessions and skips: the stage's (from ``counting_from``) and any of the last WINDOWS.flare_days before it
    # (those only for flares).
    sessions: Sequence[Logged] = ()
    morning_pain: Mapping[dt.date, int] = field(default_factory=dict)  # the day's entry pain, by day
    warning_days: Sequence[dt.date] = ()  # days whose entry has a warning sign (since the last clearance)
    urgent_flags: Sequence[str] = ()  # names of open urgent flags (since the last clearance)
    worrying_checks: Sequence[str] = ()  # verdict names of saved checks that say not to run (see selectors)
    physio_paused: bool = False
    physio_hold: bool = False


@dataclass(frozen=True)
class Decision:
    decision: str
    reasons: tuple[str, ...]
    data: dict[str, Any] = field(default_factory=dict)  # the numbers behind it, for the physio


def _day(day: dt.date) -> str:
    return day_in_words(day, short=True)  # "Mon 2 Mar": reasons name several days


def _points(n: int | float) -> str:
    return f"{n:g} point{'' if n == 1 else 's'}"


def morning_change(day: dt.date, morning_pain: Mapping[dt.date, int]) -> int | None:
    """Next-morning pain minus the pain of the morning before the session (None while unknown)."""
    before = rb.morning_before(day, morning_pain)
    after = morning_pain.get(day + dt.timedelta(days=1))
    if before is None or after is None:
        return None
    return after - before


def as_prescribed(session: Logged, facts: Facts) -> bool:
    """Done as the stage prescribes: its type and most of its minutes (rulebook section 8)."""
    return (
        not session.skipped
        and rb.counts_for(facts.planned_type, session.session_type)
        and rb.enough_minutes(session.minutes, facts.planned_minutes)
    )


def morning_trend(facts: Facts) -> dict[str, Any]:
    """The median morning pain of the last TREND_DAYS days against the TREND_DAYS before (Silbernagel 2007:
    no rise from week to week). ``rise`` is None when either week has fewer than TREND_MIN_MORNINGS."""

    def week(last: dt.date) -> list[int]:
        days = (last - dt.timedelta(days=n) for n in range(rb.TREND_DAYS))
        return [facts.morning_pain[d] for d in days if d in facts.morning_pain]

    recent = week(facts.today)
    before = week(facts.today - dt.timedelta(days=rb.TREND_DAYS))
    enough = len(recent) >= rb.TREND_MIN_MORNINGS and len(before) >= rb.TREND_MIN_MORNINGS
    recent_median = statistics.median(recent) if recent else None
    before_median = statistics.median(before) if before else None
    return {
        "recent_median": recent_median,
        "before_median": before_median,
        "recent_mornings": len(recent),
        "before_mornings": len(before),
        "rise": statistics.median(recent) - statistics.median(before) if enough else None,
    }


def decide(facts: Facts) -> Decision:
    paused = _pause_reasons(facts)
    if paused:
        return Decision(PAUSED, tuple(paused))

    today = facts.today
    start = facts.counting_from
    logged = sorted(facts.sessions, key=lambda s: (s.day, bool(s.skipped)))
    in_stage = [s for s in logged if (start is None or s.day >= start) and s.day <= today]
    done = [s for s in in_stage if not s.skipped]
    counting_days = sorted({s.day for s in done if as_prescribed(s, facts)})
    judged_days = counting_days[-rb.SESSIONS_TO_PROGRESS :]
    # Every session and skip from the first of the last judged days on is judged (until there are enough
    # counting days, every one of the stage): a session that does not count for moving on still counts
    # against it.
    if len(judged_days) == rb.SESSIONS_TO_PROGRESS:
        window_start = judged_days[0]
    else:
        window_start = in_stage[0].day if in_stage else today
    judged = [s for s in in_stage if s.day >= window_start]
    trend = morning_trend(facts)
    data = {
        "sessions": [
            {
                "day": s.day.isoformat(),
                "session_type": s.session_type,
                "minutes": None if s.minutes is None else round(s.minutes),
                "counts": as_prescribed(s, facts),
                "pain_during": s.pain_during,
                "pain_after": s.pain_after,
                "skipped": s.skipped,
                "morning_change": None if s.skipped else morning_change(s.day, facts.morning_pain),
                "settling": None if s.skipped else rb.settling_after(s.day, facts.morning_pain),
            }
            for s in judged
        ],
        "counting_days": [d.isoformat() for d in counting_days],
        "morning_trend": trend,
    }

    step_back: list[str] = []
    hold: list[str] = []
    tail = in_stage[-rb.SKIPPED_FOR_PAIN_IN_A_ROW :]
    if len(tail) == rb.SKIPPED_FOR_PAIN_IN_A_ROW and all(s.skipped == "pain" for s in tail):
        step_back.append(f"You skipped your last {len(tail)} sessions because of your back.")
    for s in judged:
        if s.skipped == "pain":
            hold.append(f"You skipped the session on {_day(s.day)} because of your back.")
        if s.skipped:
            continue
        _judge_pain(s, "during", s.pain_during, step_back, hold)
        _judge_pain(s, "after", s.pain_after, step_back, hold)
    for day in sorted({s.day for s in judged if not s.skipped}):
        settled = rb.settling_after(day, facts.morning_pain)
        change = morning_change(day, facts.morning_pain)
        if settled == rb.NOT_SETTLED:
            after = facts.morning_pain[day + dt.timedelta(days=1)]
            if change is not None and change >= rb.MIC_POINTS:
                step_back.append(
                    f"The morning after {_day(day)} your back was {_points(change)} worse than the morning before."
                )
            else:
                step_back.append(
                    f"The morning after {_day(day)} your back was {after}/10 and no better than the morning "
                    f"before: it had not settled."
                )
        elif settled == rb.SLOW and change is not None:  # SLOW: both mornings are known
            hold.append(f"The morning after {_day(day)} your back was {_points(change)} worse than the morning before.")
    rise = trend["rise"]
    if rise is not None and rb.meaningful_rise(rise, trend["before_median"]):
        step_back.append(
            f"Your morning pain this week (typically {trend['recent_median']:g}/10) is "
            f"{_points(rise)} higher than the week before ({trend['before_median']:g}/10)."
        )
    elif rise is not None and rise > 0:
        hold.append(
            f"Your morning pain this week (typically {trend['recent_median']:g}/10) is up on the week before "
            f"({trend['before_median']:g}/10): wait until it is no higher."
        )

    if step_back:
        if facts.stage <= 1:
            return Decision(HOLD, (*step_back, "This is the first stage, so stay on it until the pain settles."), data)
        return Decision(STEP_BACK, (*step_back, f"Go back to stage {facts.stage - 1} until it settles."), data)

    hold += _ceiling_reasons(facts, window_start)
    hold += _flare_reasons(facts, logged, judged)
    if facts.physio_hold:
        hold.append("Your physio asked you to stay on this stage for now.")
    if hold:
        return Decision(HOLD, tuple(dict.fromkeys(hold)), data)

    waiting = _waiting_reasons(judged, counting_days, in_stage, facts)
    if waiting:
        return Decision(HOLD, tuple(waiting), data)
    done_judged = [s for s in judged if not s.skipped]
    pains = " and ".join(f"{s.pain_during}/10" for s in done_judged)
    good = (
        f"Pain during your last {len(done_judged)} sessions was {pains} "
        f"({rb.GREEN_PAIN}/10 or less), and each next morning was no worse than the morning before."
    )
    if facts.stage >= facts.last_stage:
        return Decision(HOLD, (good, "This is the last stage: keep training like this."), {**data, COMPLETE: True})
    return Decision(PROGRESS, (good, f"You are ready for stage {facts.stage + 1}."), data)


def _judge_pain(s: Logged, when: str, pain: int | None, step_back: list[str], hold: list[str]) -> None:
    """Pain during or after a judged session: above ACCEPTABLE_PAIN steps back, above GREEN_PAIN holds."""
    if pain is None:
        return
    if pain > rb.ACCEPTABLE_PAIN:
        step_back.append(f"Pain {when} the session on {_day(s.day)} was {pain}/10, above {rb.ACCEPTABLE_PAIN}/10.")
    elif pain > rb.GREEN_PAIN:
        hold.append(f"Pain {when} the session on {_day(s.day)} was {pain}/10: fine to carry on, not yet to do more.")


def _ceiling_reasons(facts: Facts, window_start: dt.date) -> list[str]:
    """A morning above RUN_CEILING, in the last WINDOWS.flare_days or since the morning before the first
    judged session: not a day for running, so not a stage to move on from."""
    first = min(window_start - dt.timedelta(days=1), facts.today - dt.timedelta(days=rb.WINDOWS.flare_days - 1))
    days = (first + dt.timedelta(days=n) for n in range((facts.today - first).days + 1))
    return [
        f"On the morning of {_day(day)} your back was {facts.morning_pain[day]}/10: above "
        f"{rb.RUN_CEILING}/10 is not a day for running, so the stage waits."
        for day in days
        if facts.morning_pain.get(day, 0) > rb.RUN_CEILING
    ]


def _flare_reasons(facts: Facts, logged: Sequence[Logged], judged: Sequence[Logged]) -> list[str]:
    """A flare in the last WINDOWS.flare_days: a session above ACCEPTABLE_PAIN during or after, or one whose
    next morning had not settled (``rulebook.settling_after``; a morning above RUN_CEILING is
    ``_ceiling_reasons``'). Judged sessions speak for themselves in ``decide``; this catches the ones before
    them, before the stage or before the plan."""
    since = facts.today - dt.timedelta(days=rb.WINDOWS.flare_days - 1)
    wait = f"Wait for {rb.WINDOWS.flare_days} days without one before moving on."
    judged_ids = {id(s) for s in judged}
    reasons = []
    for s in logged:
        if s.skipped or not since <= s.day <= facts.today or id(s) in judged_ids:
            continue
        worst = max(p for p in (s.pain_during, s.pain_after, -1) if p is not None)
        if worst > rb.ACCEPTABLE_PAIN:
            reasons.append(f"A flare-up: pain reached {worst}/10 in the session on {_day(s.day)}. {wait}")
        if rb.settling_after(s.day, facts.morning_pain) == rb.NOT_SETTLED:
            before = rb.morning_before(s.day, facts.morning_pain)
            after = facts.morning_pain[s.day + dt.timedelta(days=1)]
            reasons.append(
                f"A flare-up: the morning after the session on {_day(s.day)} your back was {after}/10, "
                f"against {before}/10 the morning before. {wait}"
            )
    return reasons


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


def _planned_words(facts: Facts) -> str:
    least = -(-rb.PRESCRIBED_MINUTES_SHARE * facts.planned_minutes // 1)  # rounded up
    return f"a {TYPE_WORDS.get(facts.planned_type, facts.planned_type)} of at least {least:g} minutes"


def _waiting_reasons(
    judged: Sequence[Logged], counting_days: Sequence[dt.date], in_stage: Sequence[Logged], facts: Facts
) -> list[str]:
    reasons = []
    if len(counting_days) < rb.SESSIONS_TO_PROGRESS:
        need = rb.SESSIONS_TO_PROGRESS - len(counting_days)
        reasons.append(
            f"Do {need} more session{'s' if need > 1 else ''} of this stage before moving on, "
            f"each on a different day and each {_planned_words(facts)}."
        )
        for s in in_stage:
            if s.skipped or as_prescribed(s, facts):
                continue
            kind = TYPE_WORDS.get(s.session_type, s.session_type or "session")
            if not rb.counts_for(facts.planned_type, s.session_type):
                reasons.append(
                    f"Your {kind} on {_day(s.day)} does not count: this stage asks for "
                    f"{TYPE_WORDS.get(facts.planned_type, facts.planned_type)} sessions."
                )
            else:
                reasons.append(
                    f"Your {kind} on {_day(s.day)} was too short to count "
                    f"({round(s.minutes or 0)} of {facts.planned_minutes} minutes)."
                )
        return list(dict.fromkeys(reasons))
    for s in judged:
        if s.skipped:
            continue
        if s.pain_during is None:
            reasons.append(f"Add how much your back hurt during the session on {_day(s.day)}.")
        if rb.settling_after(s.day, facts.morning_pain) is None:
            if s.day + dt.timedelta(days=1) > facts.today:
                reasons.append(f"Log your back tomorrow morning to see how it settled after {_day(s.day)}.")
            else:
                reasons.append(f"Log your back's pain on the morning before and after {_day(s.day)}.")
    return list(dict.fromkeys(reasons))  # two sessions on one day ask for that day's mornings once
