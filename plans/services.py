"""Everything that writes to a plan. Each service runs in one transaction and records a PlanEvent.

A session done as planned is written to the journal through ``journal.services`` (so monitoring sees
it like any other); a skipped session is a ``PlanSkip``. Stage changes happen only here.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from journal import services as journal_services
from journal.models import TrainingSession
from monitoring import selectors as monitoring_selectors
from monitoring.models import Severity
from plans.models import (
    Exercise,
    ExerciseTick,
    Plan,
    PlanEvent,
    PlanSkip,
    PlanStatus,
    Prescription,
    Review,
)
from plans.progression import COMPLETE, PROGRESS, STEP_BACK, Decision
from plans.selectors import (
    COUNTED_TYPES,
    _stage_of,
    cause_for_exercises,
    move_target,
    plan_decision,
    plan_spec,
    stages,
)
from triage.codes import LikelyCause

DONE, DONE_HURT, SKIPPED_PAIN, SKIPPED_OTHER = "done", "done_hurt", "skipped_pain", "skipped_other"
OUTCOMES = (DONE, DONE_HURT, SKIPPED_PAIN, SKIPPED_OTHER)


def _event(plan: Plan, actor: User | None, kind: str, reasons=(), data=None) -> PlanEvent:
    return PlanEvent.objects.create(
        plan=plan, actor=actor, kind=kind, stage=plan.stage, reasons=list(reasons), data=data or {}
    )


def _check_stage(stage: int) -> None:
    numbers = [s.number for s in stages()]
    if not numbers:
        raise ValidationError({"stage": "No plan stages are set up yet. Ask an admin to add them."})
    if stage not in numbers:
        raise ValidationError({"stage": f"Choose a stage from {numbers[0]} to {numbers[-1]}."})


MAX_BACKDATE = dt.timedelta(days=365)  # a plan counts a year of journal at most: clinics onboard ongoing rehab


PLAN_STARTS_PER_DAY = 3  # a runner's plans started (by them or a physio) in any 24 hours


class TooManyPlanStarts(ValidationError):
    """More plans started in a day than anyone needs: each start and end is a row in the plan's history."""


def _check_starts_today(runner: User) -> None:
    since = timezone.now() - dt.timedelta(hours=24)
    if Plan.objects.filter(runner=runner, created_at__gte=since).count() >= PLAN_STARTS_PER_DAY:
        raise TooManyPlanStarts(
            {
                "runner": f"A plan can be started at most {PLAN_STARTS_PER_DAY} times a day. "
                "Carry on with the plan you have, or start again tomorrow."
            }
        )


def plan_start(
    *, runner: User, actor: User | None, stage: int = 1, since: dt.date | None = None, likely_cause: str | None = None
) -> Plan:
    """Starts a plan at ``stage``, counting sessions and entries from ``since`` (default: today).

    When the likely cause is a stiff hip (given, or else the runner's latest saved check's) and it was not
    given beside warning signs (``selectors.cause_for_exercises``), the exercises marked for a stiff hip are
    prescribed for every day. A check saved in the last WINDOWS.clinician_check_days that says to see a
    clinician or more pauses the new plan until it is cleared (``selectors.worrying_checks_since``).
    """
    if not runner.is_runner:
        raise ValidationError({"runner": "Plans are for runners."})
    today = runner.local_today()
    since = since or today
    if since > today:
        raise ValidationError({"since": "The start day cannot be in the future."})
    if since < today - MAX_BACKDATE:
        raise ValidationError({"since": f"The start day can be at most {MAX_BACKDATE.days} days ago."})
    _check_stage(stage)
    _check_starts_today(runner)
    try:
        with transaction.atomic():
            plan = Plan.objects.create(
                runner=runner, stage=stage, stage_since=since, started_on=since, started_by=actor
            )
            _event(plan, actor, "start", [f"Started at stage {stage}, counting from {since:%-d %b %Y}."])
            # Never from a cause given beside warning signs (a worrying check saved lately, or the latest
            # check's own signs): the article's likely causes are for mechanical pain only.
            if cause_for_exercises(runner, likely_cause) == LikelyCause.STIFF_HIP:
                for exercise in Exercise.objects.filter(for_stiff_hip=True):
                    Prescription.objects.create(
                        plan=plan,
                        exercise=exercise,
                        sets=exercise.sets,
                        reps=exercise.reps,
                        hold_seconds=exercise.hold_seconds,
                        days=list(range(7)),
                    )
    except IntegrityError as exc:
        raise ValidationError(
            {"runner": "There is already a plan under way. Carry on with it, or end it first."}
        ) from exc
    return plan


def plan_log(*, plan: Plan, outcome: str, pain_during: int | None) -> None:
    """Logs today's planned session: done (a journal session with its pain) or skipped."""
    if plan.status == PlanStatus.ENDED:
        raise ValidationError({"outcome": "This plan has ended."})
    if outcome not in OUTCOMES:
        raise ValidationError({"outcome": "Choose how the session went."})
    if outcome in (DONE, DONE_HURT) and pain_during is None:
        raise ValidationError({"pain_during": "Choose how much your back hurt during the session (0 to 10)."})
    runner = plan.runner
    today = runner.local_today()
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        already = (
            TrainingSession.objects.filter(runner=runner, day=today, session_type__in=COUNTED_TYPES).exists()
            or PlanSkip.objects.filter(plan=plan, day=today).exists()
        )
        if already:
            raise ValidationError({"outcome": "Today's session is already logged. Change it in your journal."})
        if outcome in (DONE, DONE_HURT):
            spec = plan_spec(plan, _stage_of(plan, stages()))
            journal_services.session_create(
                runner=runner,
                data={
                    "day": today,
                    "session_type": spec.session_type,
                    "duration_s": spec.minutes * 60,
                    "distance_m": 0,
                    "rpe": 3,
                    "pain_during": pain_during,
                    "notes": f"Plan, stage {plan.stage}: {spec.summary}"
                    + (" (it hurt)" if outcome == DONE_HURT else ""),
                },
            )
        else:
            PlanSkip.objects.create(plan=plan, day=today, reason="pain" if outcome == SKIPPED_PAIN else "other")


def _move(plan: Plan, stage: int, *, actor: User | None, kind: str, reasons=(), data=None) -> Plan:
    plan.stage = stage
    plan.stage_since = plan.runner.local_today() + dt.timedelta(days=1)
    plan.hold = False
    plan.save(update_fields=["stage", "stage_since", "hold", "updated_at"])
    _event(plan, actor, kind, reasons, data)
    return plan


def plan_apply_decision(*, plan: Plan, actor: User, expected: str) -> Decision:
    """Moves the plan one stage on (progress) or back (step_back) when the rule, read now, says so; on the
    last stage, ``complete`` ends the plan when the rule says it is done (``decision.data["complete"]``).

    ``expected`` is the decision the runner saw; if the journal has changed since, nothing moves.
    """
    with transaction.atomic():
        plan = Plan.objects.select_for_update().select_related("runner").get(pk=plan.pk)
        decision = plan_decision(plan)
        if expected == COMPLETE and decision.data.get(COMPLETE):
            _end(plan, actor, kind=COMPLETE, reasons=decision.reasons, data=decision.data)
            return decision
        if decision.decision != expected or expected not in (PROGRESS, STEP_BACK):
            raise ValidationError({"decision": "Your plan has changed since you opened the page. Look again."})
        published = stages()
        shown = _stage_of(plan, published).number  # the stage the runner trains at (see _stage_of)
        target = move_target(shown, [s.number for s in published], forward=expected == PROGRESS)
        if target is None:
            raise ValidationError(
                {"decision": f"Stage {shown + 1} is not available yet, so your plan stays where it is."}
                if expected == PROGRESS
                else {"decision": "There is no easier stage to go back to, so your plan stays where it is."}
            )
        _move(plan, target, actor=actor, kind=expected, reasons=decision.reasons, data=decision.data)
    return decision


URGENT_FLAG_FOR_THE_PHYSIO = (
    "An urgent flag is open, and your physio closes urgent flags once they have checked on you. "
    "Until then the plan stays paused. If things get worse, get help now: see your flags."
)


def _urgent_flag_for_the_physio(runner: User) -> bool:
    """An open urgent flag that a linked physio must close: the runner's "seen and cleared" does not lift it,
    as monitoring does not let them close the flag itself."""
    if monitoring_selectors.runner_may_record_assessment(runner):
        return False
    return monitoring_selectors.open_flags_for(runner).filter(severity=Severity.URGENT).exists()


def plan_clear(*, plan: Plan, actor: User) -> Plan:
    """The runner (or their physio) says they have been seen and cleared: warnings until now stop pausing.
    A runner cannot lift an open urgent flag's pause while a physio is linked (ValidationError)."""
    if actor.pk == plan.runner_id and _urgent_flag_for_the_physio(plan.runner):
        raise ValidationError({"plan": URGENT_FLAG_FOR_THE_PHYSIO})
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        if plan.status == PlanStatus.ENDED:
            raise ValidationError({"plan": "This plan has ended."})
        plan.cleared_at = timezone.now()
        fields = ["cleared_at", "updated_at"]
        if plan.status == PlanStatus.PAUSED and actor.pk != plan.runner_id:
            plan.status = PlanStatus.ACTIVE  # only a physio lifts a physio's pause
            fields.append("status")
        plan.save(update_fields=fields)
        _event(plan, actor, "cleared", ["Seen by a clinician and cleared to carry on."])
    return plan


def plan_pause(*, plan: Plan, actor: User, note: str = "") -> Plan:
    with transaction.atomic():
        plan.status = PlanStatus.PAUSED
        plan.physio_note = note
        plan.save(update_fields=["status", "physio_note", "updated_at"])
        _event(plan, actor, "pause", [note] if note else [])
    return plan


def plan_resume(*, plan: Plan, actor: User) -> Plan:
    with transaction.atomic():
        plan.status = PlanStatus.ACTIVE
        plan.cleared_at = timezone.now()
        plan.save(update_fields=["status", "cleared_at", "updated_at"])
        _event(plan, actor, "resume", ["Resumed by the physio."])
    return plan


def _end(plan: Plan, actor: User | None, *, kind: str = "end", reasons=(), data=None) -> Plan:
    plan.status = PlanStatus.ENDED
    plan.ended_on = plan.runner.local_today()
    plan.save(update_fields=["status", "ended_on", "updated_at"])
    _event(plan, actor, kind, reasons, data)
    return plan


def plan_end(*, plan: Plan, actor: User) -> Plan:
    """Ends the plan (the runner or their physio). The runner is then asked for the final PSFS rating
    (``selectors.final_review_plan``)."""
    with transaction.atomic():
        return _end(plan, actor)


def plan_edit(
    *,
    plan: Plan,
    actor: User,
    stage: int,
    hold: bool,
    note: str,
    custom: dict | None,
) -> Plan:
    """A physio's edit: the stage, a hold, a note to the runner, and their own session (or the stage's)."""
    _check_stage(stage)
    with transaction.atomic():
        plan = Plan.objects.select_for_update().select_related("runner").get(pk=plan.pk)
        reasons = []
        if stage != plan.stage:
            _move(
                plan,
                stage,
                actor=actor,
                kind="move",
                reasons=[f"Moved from stage {plan.stage} to {stage} by the physio."],
            )
        plan.hold = hold
        plan.physio_note = note
        if custom:
            plan.custom_type = custom["session_type"]
            plan.custom_minutes = custom["minutes"]
            plan.custom_run_minutes = custom.get("run_minutes") or 0
            plan.custom_walk_minutes = custom.get("walk_minutes") or 0
            plan.custom_days = sorted(custom["days"])
            reasons.append("Set the plan's own session.")
        else:
            plan.custom_type, plan.custom_minutes, plan.custom_days = "", None, []
            plan.custom_run_minutes = plan.custom_walk_minutes = 0
        plan.save()
        _event(plan, actor, "edit", [*reasons, "Hold on this stage." if hold else "No hold."])
    return plan


def exercise_prescribe(
    *, plan: Plan, actor: User, exercise: Exercise, sets: int, reps: int, hold_seconds: int, days: list[int]
) -> Prescription:
    """A physio prescribes an exercise (or changes its dose and days) in a plan."""
    if plan.status == PlanStatus.ENDED:
        raise ValidationError({"exercise": "This plan has ended."})
    with transaction.atomic():
        prescription, _ = Prescription.objects.update_or_create(
            plan=plan,
            exercise=exercise,
            defaults={
                "sets": sets,
                "reps": reps,
                "hold_seconds": hold_seconds,
                "days": sorted(days),
                "prescribed_by": actor,
            },
        )
        _event(plan, actor, "exercise", [f"{exercise.title}: {sets} x {reps or f'{hold_seconds} s'}."])
    return prescription


def exercise_remove(*, prescription: Prescription, actor: User) -> None:
    with transaction.atomic():
        plan = prescription.plan
        title = prescription.exercise.title
        prescription.delete()
        _event(plan, actor, "exercise", [f"{title}: stopped."])


def exercise_tick(*, prescription: Prescription, day: dt.date) -> ExerciseTick:
    """The runner did it today (a second tap changes nothing). Only on the prescription's days."""
    if day.weekday() not in prescription.days:
        raise ValidationError({"day": "This exercise is not prescribed for today."})
    tick, _ = ExerciseTick.objects.get_or_create(prescription=prescription, day=day)
    return tick


def review_save(*, plan: Plan, activities: list[dict], groc: int | None) -> Review:
    """Today's PSFS ratings (and global rating of change); a second one on the same day replaces it.

    On a plan that has ended this is the final rating (``final``), taken once."""
    final = plan.status == PlanStatus.ENDED
    if final and plan.reviews.filter(final=True).exists():
        raise ValidationError({"plan": "This plan has ended and its final rating is saved."})
    review, _ = Review.objects.update_or_create(
        plan=plan, day=plan.runner.local_today(), defaults={"activities": activities, "groc": groc, "final": final}
    )
    return review
