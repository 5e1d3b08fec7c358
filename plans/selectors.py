"""Reads for plans: the current plan, the stages, and the facts the progression rule judges."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from accounts.models import User
from journal.models import RUN_TYPES, Entry, SavedCheck, SessionType, TrainingSession
from monitoring.models import Flag, FlagStatus, Severity
from plans.measures import (
    FINAL_REVIEW_DAYS,
    episode_days,
    episode_start,
    psfs_change,
    review_due,
    sparkline_points,
)
from plans.models import ExerciseTick, Plan, PlanSkip, PlanStatus, Prescription, Review, StageTemplate
from plans.progression import HOLD, Decision, Facts, Logged, decide
from plans.wording import session_line
from triage.codes import JOURNAL_SYMPTOMS, Verdict
from triage.rulebook import WINDOWS, sign_tier

# Journal sessions that count as sessions of the plan: runs of any kind and walks.
COUNTED_TYPES = sorted({*RUN_TYPES, SessionType.WALK})
WARNING_SYMPTOMS = frozenset(JOURNAL_SYMPTOMS)  # every warning sign the journal asks about
PAUSING_VERDICTS = (Verdict.EMERGENCY, Verdict.URGENT, Verdict.SEE_CLINICIAN)
EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
EPISODE_LOOKBACK = dt.timedelta(days=365)


def current_plan(runner: User) -> Plan | None:
    """The runner's plan that has not ended (at most one)."""
    plan = Plan.objects.filter(runner=runner).exclude(status=PlanStatus.ENDED).first()
    if plan is not None:
        plan.runner = runner  # no second query for it
    return plan


def latest_plan(runner: User) -> Plan | None:
    """The runner's newest plan, ended or not (one query), with ``has_final``: its final PSFS rating is in."""
    plan = (
        Plan.objects.filter(runner=runner)
        .annotate(has_final=Exists(Review.objects.filter(plan=OuterRef("pk"), final=True)))
        .order_by("-created_at", "-id")
        .first()
    )
    if plan is not None:
        plan.runner = runner
    return plan


def final_review_due(plan: Plan | None, today: dt.date) -> bool:
    """The plan has ended (by the runner, the physio, or completing its last stage) in the last
    FINAL_REVIEW_DAYS days and the runner has not given the final rating yet."""
    return (
        plan is not None
        and plan.status == PlanStatus.ENDED
        and not plan.has_final
        and plan.ended_on is not None
        and (today - plan.ended_on).days <= FINAL_REVIEW_DAYS
    )


def final_review_plan(runner: User) -> Plan | None:
    """The ended plan whose final PSFS rating the runner is asked for, or None."""
    plan = latest_plan(runner)
    return plan if final_review_due(plan, runner.local_today()) else None


def stages() -> list[StageTemplate]:
    """The published stages, in order: a stage an admin has added but not published yet is nobody's."""
    return list(StageTemplate.objects.filter(published_at__isnull=False).order_by("number"))


@dataclass(frozen=True)
class Spec:
    """The session a plan asks for on its days (the stage's, or the physio's own)."""

    session_type: str
    minutes: int
    run_minutes: int
    walk_minutes: int
    days: tuple[int, ...]

    @property
    def summary(self) -> str:
        return session_line(self)


def plan_spec(plan: Plan, stage: StageTemplate) -> Spec:
    if plan.custom_type and plan.custom_minutes:
        return Spec(
            plan.custom_type,
            plan.custom_minutes,
            plan.custom_run_minutes,
            plan.custom_walk_minutes,
            tuple(plan.custom_days or stage.days),
        )
    return Spec(stage.session_type, stage.minutes, stage.run_minutes, stage.walk_minutes, tuple(stage.days))


def _stage_of(plan: Plan, all_stages: list[StageTemplate]) -> StageTemplate:
    below = [stage for stage in all_stages if stage.number <= plan.stage]
    # The plan's own stage; if it is gone (deleted outside the admin, which refuses it), the nearest one
    # below stands in, never a later, harder stage (unless no stage is left below: then the first one).
    return below[-1] if below else all_stages[0]


def move_target(shown: int, numbers: list[int], *, forward: bool) -> int | None:
    """The stage a move lands on, from the stage the runner is shown (``shown``) and the published stage
    ``numbers``: forward, only the very next number (plans move one stage at a time; a missing stage is
    never skipped); back, the nearest published stage below. None when there is none."""
    if forward:
        return shown + 1 if shown + 1 in numbers else None
    return max((n for n in numbers if n < shown), default=None)


def worrying_checks_since(plan: Plan) -> dict:
    """Which saved checks pause the plan: those after the last clearance, or, before any, those saved from
    WINDOWS.clinician_check_days before the plan began (a check saved just before starting still counts)."""
    if plan.cleared_at:
        return {"created_at__gt": plan.cleared_at}
    return {"created_at__gte": plan.created_at - dt.timedelta(days=WINDOWS.clinician_check_days)}


def plan_facts(
    plan: Plan, *, today: dt.date, last_stage: int, spec: Spec, open_flags: list[Flag] | None = None
) -> Facts:
    """The facts the rule judges, in four queries (three when the open flags are given)."""
    counting_from = max(plan.started_on, plan.stage_since)
    flare_from = today - dt.timedelta(days=WINDOWS.flare_days - 1)
    sessions = list(
        TrainingSession.objects.filter(
            runner_id=plan.runner_id,
            day__gte=min(counting_from, flare_from),
            day__lte=today,
            session_type__in=COUNTED_TYPES,
        ).values_list("day", "pain_during", "pain_after", "session_type", "duration_s")
    )
    skips = list(PlanSkip.objects.filter(plan=plan, day__gte=plan.stage_since).values_list("day", "reason"))
    entries = list(
        Entry.objects.filter(
            Q(runner_id=plan.runner_id)
            & (
                # a year back as well, for the episode's length (plans.measures)
                Q(
                    day__gte=min(plan.stage_since - dt.timedelta(days=1), today - EPISODE_LOOKBACK),
                    day__lte=today + dt.timedelta(days=1),
                )
                | (Q(day__gte=plan.started_on, updated_at__gt=plan.cleared_at or EPOCH) & ~Q(symptoms=[]))
            )
        ).values_list("day", "pain", "symptoms", "updated_at")
    )
    checks = list(
        SavedCheck.objects.filter(
            runner_id=plan.runner_id, verdict__in=PAUSING_VERDICTS, **worrying_checks_since(plan)
        ).values_list("verdict", flat=True)
    )
    if open_flags is None:
        open_flags = list(Flag.objects.filter(runner_id=plan.runner_id, status=FlagStatus.OPEN))
    logged = [
        Logged(day=day, pain_during=during, pain_after=after, session_type=kind, minutes=seconds / 60)
        for day, during, after, kind, seconds in sessions
    ]
    logged += [Logged(day=day, skipped=reason) for day, reason in skips]
    since_clear = plan.cleared_at or EPOCH
    return Facts(
        stage=plan.stage,
        last_stage=last_stage,
        today=today,
        planned_type=spec.session_type,
        planned_minutes=spec.minutes,
        counting_from=counting_from,
        sessions=tuple(logged),
        morning_pain={day: pain for day, pain, _, _ in entries},
        warning_days=tuple(
            sorted(
                day
                for day, _, symptoms, updated in entries
                if day >= plan.started_on and updated > since_clear and WARNING_SYMPTOMS.intersection(symptoms or [])
            )
        ),
        urgent_flags=tuple(
            f.get_kind_display().lower()
            for f in open_flags
            if f.severity == Severity.URGENT and f.opened_at > since_clear
        ),
        worrying_checks=tuple(sorted({Verdict(v).label.lower() for v in checks})),
        physio_paused=plan.status == PlanStatus.PAUSED,
        physio_hold=plan.hold,
    )


def plan_decision(plan: Plan, *, today: dt.date | None = None) -> Decision:
    all_stages = stages()
    today = today or plan.runner.local_today()
    if not all_stages:
        return Decision(HOLD, ("No plan stages are set up yet. Ask an admin to add them.",))
    spec = plan_spec(plan, _stage_of(plan, all_stages))
    return decide(plan_facts(plan, today=today, last_stage=all_stages[-1].number, spec=spec))


def plan_offer_open(runner: User) -> bool:
    """Whether a plan may be offered to this runner under a result (one query): none under way, and no check
    saved in the last WINDOWS.clinician_check_days whose verdict says to see a clinician or more."""
    since = timezone.now() - dt.timedelta(days=WINDOWS.clinician_check_days)
    under_way, worrying = (
        User.objects.filter(pk=runner.pk)
        .annotate(
            under_way=Exists(Plan.objects.filter(runner=OuterRef("pk")).exclude(status=PlanStatus.ENDED)),
            worrying=Exists(
                SavedCheck.objects.filter(runner=OuterRef("pk"), verdict__in=PAUSING_VERDICTS, created_at__gte=since)
            ),
        )
        .values_list("under_way", "worrying")
        .get()
    )
    return not under_way and not worrying


def cause_for_exercises(runner: User, given: str | None) -> str | None:
    """The likely cause a new plan's exercises may be chosen from (one query), or None.

    Never a cause given beside warning signs: none while the runner has saved, in the last
    WINDOWS.clinician_check_days, a check whose verdict says to see a clinician or more or that holds a
    warning sign; otherwise the cause given (from the result the plan is started from), else the latest
    saved check's when that check itself was calm."""
    since = timezone.now() - dt.timedelta(days=WINDOWS.clinician_check_days)
    recent = SavedCheck.objects.filter(runner=runner, created_at__gte=since).values_list("verdict", "answers")
    if any(_beside_warning_signs(verdict, answers) for verdict, answers in recent):
        return None
    if given:
        return given
    latest = (
        SavedCheck.objects.filter(runner=runner)
        .order_by("-created_at")
        .values_list("verdict", "answers", "likely_cause")
        .first()
    )
    if latest is None or _beside_warning_signs(latest[0], latest[1]):
        return None
    return latest[2] or None


def _beside_warning_signs(verdict: str, answers: dict | None) -> bool:
    """A saved check whose verdict says to see a clinician or more, or whose answers hold any warning sign."""
    symptoms = answers.get("symptoms") if isinstance(answers, dict) else None
    if not isinstance(symptoms, list):
        symptoms = []
    return verdict in PAUSING_VERDICTS or sign_tier(s for s in symptoms if isinstance(s, str))[0] is not None


@dataclass(frozen=True)
class DayPlan:
    day: dt.date
    spec: Spec | None  # None: a rest day
    done: bool
    skipped: str
    before_plan: bool = False  # a day of the start week before the plan began: not part of it (issue 22 §3)


def plan_card(runner: User, *, open_flags: list[Flag] | None = None, today: dt.date | None = None) -> dict | None:
    """Everything the dashboard's "This week" card shows, in a constant number of queries.

    None without a plan; ``{"ended": plan, "final_due": ...}`` when the newest plan has ended (one query
    either way)."""
    plan = latest_plan(runner)
    if plan is None:
        return None
    today = today or runner.local_today()
    if plan.status == PlanStatus.ENDED:
        return {"ended": plan, "final_due": final_review_due(plan, today)}
    all_stages = stages()
    if not all_stages:
        return None
    stage = _stage_of(plan, all_stages)
    spec = plan_spec(plan, stage)
    facts = plan_facts(plan, today=today, last_stage=all_stages[-1].number, spec=spec, open_flags=open_flags)
    decision = decide(facts)
    monday = today - dt.timedelta(days=today.weekday())
    done_days = {s.day for s in facts.sessions if not s.skipped and s.day >= facts.counting_from}
    skipped = {s.day: s.skipped for s in facts.sessions if s.skipped}
    week = [
        DayPlan(
            day=day,
            spec=spec if day.weekday() in spec.days and day >= plan.started_on else None,
            done=day in done_days,
            skipped=skipped.get(day, "") if day >= plan.started_on else "",
            before_plan=day < plan.started_on,
        )
        for day in (monday + dt.timedelta(days=n) for n in range(7))
    ]
    today_plan = week[today.weekday()]
    exercises = exercise_state(plan, today=today, weeks=1)
    started = episode_start(facts.morning_pain, today=today)
    return {
        "psfs": psfs_state(plan, today=today),
        "episode_start": started,
        "episode_days": episode_days(started, today),
        "exercises_today": exercises["today"],
        "adherence": exercises["weeks"][-1] if exercises["weeks"] else None,
        "plan": plan,
        "stage": stage,
        "stage_count": len(all_stages),
        "progress_pct": round(100 * stage.number / len(all_stages)),
        "spec": spec,
        "today": today_plan,
        "week": week,
        "decision": decision,
        "logged_today": today_plan.done or bool(today_plan.skipped),
        "next_stage": move_target(stage.number, numbers := [s.number for s in all_stages], forward=True),
        "previous_stage": move_target(stage.number, numbers, forward=False),
    }


def next_session(spec: Spec, *, today: dt.date, done_today: bool) -> dt.date | None:
    """The next day with a planned session (today if not yet done)."""
    for n in range(8):
        day = today + dt.timedelta(days=n)
        if day.weekday() in spec.days and not (n == 0 and done_today):
            return day
    return None


def plan_statuses(*, runner_email: str | None = None) -> list[dict]:
    """Each plan under way as plain data (for ``plan_status --json``), oldest first."""
    plans = Plan.objects.exclude(status=PlanStatus.ENDED).select_related("runner").order_by("created_at", "id")
    if runner_email:
        plans = plans.filter(runner__email__iexact=runner_email)
    all_stages = stages()
    rows = []
    for plan in plans:
        today = plan.runner.local_today()
        stage = _stage_of(plan, all_stages)
        spec = plan_spec(plan, stage)
        facts = plan_facts(plan, today=today, last_stage=all_stages[-1].number, spec=spec)
        decision = decide(facts)
        done_today = any(s.day == today for s in facts.sessions)
        upcoming = None if decision.decision == "paused" else next_session(spec, today=today, done_today=done_today)
        rows.append(
            {
                "runner": plan.runner.email,
                "stage": plan.stage,
                "stage_name": stage.name,
                "decision": decision.decision,
                "reasons": list(decision.reasons),
                "next_session": (
                    {"day": upcoming.isoformat(), "session_type": spec.session_type, "summary": spec.summary}
                    if upcoming
                    else None
                ),
            }
        )
    return rows


def _prescribed_from(plan: Plan, prescription: Prescription) -> dt.date:
    return max(plan.started_on, timezone.localtime(prescription.created_at, plan.runner.zone).date())


def exercise_state(plan: Plan, *, today: dt.date, weeks: int = 4) -> dict:
    """Today's exercises (with whether each is ticked) and adherence per week, oldest week first: done of
    prescribed, counting prescribed days up to today. Two queries whatever the data."""
    prescriptions = list(Prescription.objects.filter(plan=plan).select_related("exercise"))
    monday = today - dt.timedelta(days=today.weekday())
    first = monday - dt.timedelta(weeks=weeks - 1)
    ticks = set(
        ExerciseTick.objects.filter(prescription__plan=plan, day__gte=first, day__lte=today).values_list(
            "prescription_id", "day"
        )
    )
    rows = []
    for w in range(weeks):
        start = first + dt.timedelta(weeks=w)
        prescribed = done = 0
        for p in prescriptions:
            since = _prescribed_from(plan, p)
            for n in range(7):
                day = start + dt.timedelta(days=n)
                if since <= day <= today and day.weekday() in p.days:
                    prescribed += 1
                    done += (p.id, day) in ticks
        rows.append({"week": start, "done": done, "prescribed": prescribed})
    todays = [{"prescription": p, "done": (p.id, today) in ticks} for p in prescriptions if today.weekday() in p.days]
    return {"today": todays, "weeks": [r for r in rows if r["prescribed"]], "prescriptions": prescriptions}


def psfs_state(plan: Plan, *, today: dt.date) -> dict:
    """The plan's PSFS reviews (one query): whether one is due, the change in the mean, a line to draw."""
    reviews = list(plan.reviews.order_by("day"))
    means = [r.mean for r in reviews]
    return {
        "reviews": reviews,
        "due": review_due(reviews[-1].day if reviews else None, today),
        "change": psfs_change(means),
        "points": sparkline_points(means),
        "latest": reviews[-1] if reviews else None,
    }


# --- progress measures: the clinic's client page and the exports --------------------------------------------
def _plan_today(plan: Plan, today: dt.date) -> dt.date:
    """A plan's measures count up to today, or to the day it ended."""
    return min(today, plan.ended_on) if plan.ended_on else today


def _episode_start(runner: User, today: dt.date) -> dt.date | None:
    """The current episode's first painful day, from a year of entries (one query)."""
    pain = dict(
        Entry.objects.filter(runner=runner, day__gte=today - EPISODE_LOOKBACK, day__lte=today)
        .order_by()  # episode_start walks the days in its own order
        .values_list("day", "pain")
    )
    return episode_start(pain, today=today)


def client_measures(runner: User, *, today: dt.date, weeks: int = 4) -> dict:
    """The progress measures of the runner's newest plan (ended or not) and the current episode's length,
    for the physio's client page. Five queries with a plan (the plan, a year of entries, its PSFS ratings,
    its prescriptions, their ticks), two without."""
    started = _episode_start(runner, today)
    # The newest plan, as latest_plan finds it but without asking whether its final rating is in (nothing
    # here needs it): half the Python work of building the query.
    plan = Plan.objects.filter(runner=runner).order_by("-created_at", "-id").first()
    if plan is not None:
        plan.runner = runner
    measures = {
        "plan": plan,
        "episode_start": started,
        "episode_days": episode_days(started, today),
        "psfs": None,
        "adherence": [],
    }
    if plan is not None:
        until = _plan_today(plan, today)
        measures["psfs"] = psfs_state(plan, today=until)
        measures["adherence"] = exercise_state(plan, today=until, weeks=weeks)["weeks"]
    return measures


MEASURE_COLUMNS = (
    "date",
    "measure",
    "activity",
    "value",
    "out_of",
    "change_from_start",
    "reaches_mcid",
    "final",
    "note",
)


def measure_rows(runner: User) -> list[dict]:
    """Every progress measure of every plan of the runner, one row per figure (the CSV export's rows and
    the JSON export's ``measures``): each activity's PSFS score and its change from the plan's first
    rating, the mean with its change and whether that reaches the 2-point MCID, the global rating of
    change, exercise adherence per week, and today's episode length."""
    today = runner.local_today()
    rows: list[dict] = []
    plans = list(Plan.objects.filter(runner=runner).order_by("created_at", "id").prefetch_related("reviews"))
    for plan in plans:
        plan.runner = runner
        reviews = sorted(plan.reviews.all(), key=lambda r: r.day)
        first_scores = {a["name"]: a["score"] for a in reviews[0].activities} if reviews else {}
        first_mean = reviews[0].mean if reviews else None
        for n, review in enumerate(reviews):
            common = {"date": review.day, "final": review.final}
            for activity in review.activities:
                start = first_scores.get(activity["name"])
                rows.append(
                    {
                        **common,
                        "measure": "psfs_activity",
                        "activity": activity["name"],
                        "value": activity["score"],
                        "out_of": 10,
                        "change_from_start": activity["score"] - start if n and start is not None else None,
                    }
                )
            change = psfs_change([first_mean, review.mean]) if n else None
            rows.append(
                {
                    **common,
                    "measure": "psfs_mean",
                    "value": review.mean,
                    "out_of": 10,
                    "change_from_start": change["change"] if change else None,
                    "reaches_mcid": change["matters"] if change else None,
                }
            )
            if review.groc is not None:
                rows.append(
                    {
                        **common,
                        "measure": "global_rating_of_change",
                        "value": review.groc,
                        "note": review.get_groc_display(),
                    }
                )
        until = _plan_today(plan, today)
        weeks = (until - plan.started_on).days // 7 + 2
        for week in exercise_state(plan, today=until, weeks=weeks)["weeks"]:
            rows.append(
                {
                    "date": week["week"],
                    "measure": "exercise_adherence",
                    "value": week["done"],
                    "out_of": week["prescribed"],
                    "note": "exercises done of prescribed, in the week starting that Monday",
                }
            )
    started = _episode_start(runner, today)
    rows.append(
        {
            "date": today,
            "measure": "episode_length_days",
            "value": episode_days(started, today),
            "note": f"first painful day {started.isoformat()}" if started else "no current episode",
        }
    )
    return [{column: row.get(column) for column in MEASURE_COLUMNS} for row in rows]
