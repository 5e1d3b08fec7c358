"""Properties of the progression rule over whole generated journals (issue 19 §5): a worse day never turns a
decision that is not ``progress`` into ``progress``, and the plan judges every session's next morning with
the rulebook's one definition of settling, the one monitoring's "not settling" flag reads."""

from __future__ import annotations

import dataclasses
import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plans.progression import HOLD, PROGRESS, STEP_BACK, Facts, Logged, decide
from triage import rulebook as rb

TODAY = dt.date(2026, 3, 7)
DAYS = 21
PAIN = st.integers(0, 10)
SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def on(offset: int) -> dt.date:
    return TODAY + dt.timedelta(days=offset)


sessions = st.builds(
    Logged,
    day=st.integers(-DAYS + 1, 0).map(on),
    pain_during=st.one_of(st.none(), PAIN),
    session_type=st.sampled_from(["run_walk", "walk", "easy"]),
    minutes=st.sampled_from([5, 16, 20, 30]),
    pain_after=st.one_of(st.none(), PAIN),
)
skips = st.builds(Logged, day=st.integers(-DAYS + 1, 0).map(on), skipped=st.sampled_from(["pain", "other"]))


@st.composite
def journals(draw) -> Facts:
    """A run:walk stage of 20 minutes and three weeks of mornings, sessions and skips, mostly calm so that
    many journals reach ``progress``."""
    calm = draw(st.booleans())
    if calm:  # steady mornings, the stage's own sessions at low pain: often ready to move on
        levels = draw(st.lists(st.integers(0, 4), min_size=3, max_size=3))  # one a week, oldest first
        mornings = {on(n): levels[(n + DAYS - 1) // 7] for n in range(-DAYS + 1, 1) if draw(st.integers(0, 5))}
        good = st.builds(
            Logged,
            day=st.integers(-DAYS + 1, 0).map(on),
            pain_during=st.integers(0, rb.GREEN_PAIN),
            session_type=st.just("run_walk"),
            minutes=st.just(20),
        )
        logged = draw(st.lists(st.one_of(good, good, sessions), min_size=2, max_size=8))
    else:
        mornings = draw(st.dictionaries(st.integers(-DAYS, 0).map(on), PAIN, min_size=DAYS // 2))
        logged = draw(st.lists(sessions, max_size=8))
    logged += draw(st.lists(skips, max_size=2))
    return Facts(
        stage=draw(st.integers(1, 9)),
        last_stage=10,
        today=TODAY,
        planned_type="run_walk",
        planned_minutes=20,
        counting_from=on(draw(st.integers(-DAYS + 1, 0))),
        sessions=tuple(logged),
        morning_pain=mornings,
    )


@st.composite
def worse(draw, facts: Facts) -> Facts:
    """The same journal with one day made worse: a session's pain raised, a painful session added (of any
    type and length, on any day), the latest morning's pain raised, every morning from a day this week on
    raised, or a session skipped for the back. (Raising one morning in the middle is not "worse": it is
    also the morning before the next session, which then looks better settled.)"""
    done = [i for i, s in enumerate(facts.sessions) if not s.skipped]
    kinds = ["add_session", "add_skip"]
    if any(facts.sessions[i].pain_during is not None for i in done):
        kinds.append("during")
    if any(facts.sessions[i].pain_after is not None for i in done):
        kinds.append("after")
    if facts.morning_pain:
        kinds.append("morning")
    recent = sorted(d for d in facts.morning_pain if d > TODAY - dt.timedelta(days=rb.TREND_DAYS))
    if recent:
        kinds.append("mornings_from")
    kind = draw(st.sampled_from(kinds))
    logged = list(facts.sessions)
    mornings = dict(facts.morning_pain)
    if kind in ("during", "after"):
        field = f"pain_{kind}"
        i = draw(st.sampled_from([i for i in done if getattr(logged[i], field) is not None]))
        raised = min(10, getattr(logged[i], field) + draw(st.integers(1, 10)))
        logged[i] = dataclasses.replace(logged[i], **{field: raised})
    elif kind == "add_session":
        added = draw(sessions)
        logged.append(dataclasses.replace(added, pain_during=draw(st.integers(rb.GREEN_PAIN + 1, 10))))
    elif kind == "add_skip":
        logged.append(Logged(on(draw(st.integers(-DAYS + 1, 0))), skipped="pain"))
    elif kind == "mornings_from":  # from a day this week on, every morning worse by the same points
        first, up = draw(st.sampled_from(recent)), draw(st.integers(1, 10))
        mornings = {d: min(10, p + up) if d >= first else p for d, p in mornings.items()}
    else:
        latest = max(mornings)
        mornings[latest] = min(10, mornings[latest] + draw(st.integers(1, 10)))
    return dataclasses.replace(facts, sessions=tuple(logged), morning_pain=mornings)


@SETTINGS
@given(st.data())
def test_a_worse_day_never_turns_a_decision_into_progress(data):
    facts = data.draw(journals())
    before = decide(facts)
    after = decide(data.draw(worse(facts)))
    if before.decision != PROGRESS:
        assert after.decision != PROGRESS, (before.reasons, after.reasons)


def test_the_generator_reaches_every_decision():
    """The properties are not empty: the journals they run over reach progress, hold and step back."""
    seen = set()

    @settings(max_examples=300, deadline=None, database=None)
    @given(journals())
    def collect(facts):
        seen.add(decide(facts).decision)

    collect()
    assert {PROGRESS, HOLD, STEP_BACK} <= seen


@SETTINGS
@given(before=PAIN, after=PAIN)
def test_the_plan_judges_a_next_morning_as_rulebook_settling_does(before, after):
    """Wednesday's session with ``before`` that morning and ``after`` the next; everything else calm. The
    plan steps back exactly when the rulebook says NOT_SETTLED (monitoring's "not settling" flag reads the
    same function), holds on SLOW, and moves on from SETTLED unless a morning is above the running ceiling."""
    mon, wed = on(-5), on(-3)
    mornings = {on(n): 2 for n in range(-6, 1)} | {wed: before, on(-2): after}
    facts = Facts(
        stage=3,
        last_stage=10,
        today=TODAY,
        planned_type="run_walk",
        planned_minutes=20,
        sessions=(
            Logged(mon, 2, session_type="run_walk", minutes=20),
            Logged(wed, 2, session_type="run_walk", minutes=20),
        ),
        morning_pain=mornings,
    )
    decision = decide(facts)
    settled = rb.settling(before, after)
    assert decision.data["sessions"][-1]["settling"] == settled
    assert (decision.decision == STEP_BACK) is (settled == rb.NOT_SETTLED)
    if settled == rb.SLOW:
        assert decision.decision == HOLD
        assert "The morning after Wed 4 Mar your back was 1 point worse than the morning before." in decision.reasons
    if settled == rb.SETTLED:
        above = max(before, after) > rb.RUN_CEILING
        assert decision.decision == (HOLD if above else PROGRESS)


@SETTINGS
@given(journals())
def test_every_judged_session_is_classified_by_rulebook_settling(facts):
    decision = decide(facts)
    for row in decision.data.get("sessions", []):
        if row["skipped"]:
            continue
        expected = rb.settling_after(dt.date.fromisoformat(row["day"]), facts.morning_pain)
        assert row["settling"] == expected
        if expected in (rb.SLOW, rb.NOT_SETTLED):
            assert decision.decision != PROGRESS
        if expected == rb.NOT_SETTLED and facts.stage > 1:
            assert decision.decision == STEP_BACK
