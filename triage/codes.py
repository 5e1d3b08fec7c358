"""The vocabulary shared by triage, the journal and monitoring. The codes are part of the API."""

from __future__ import annotations

from django.db import models


class PainSide(models.TextChoices):
    LEFT = "left", "Left side"
    RIGHT = "right", "Right side"
    BOTH = "both", "Both sides"
    CENTRE = "centre", "Centre"
    NONE = "none", "No particular spot"


class Symptom(models.TextChoices):
    LEG_PAIN = "leg_pain", "Pain spreading down a leg"
    LEG_NEURO = "leg_neuro", "Weakness, pins and needles or numbness in a leg"
    WORSENING_WEEKLY = "worsening_weekly", "Getting worse week on week"
    NOT_SETTLING = "not_settling", "Constant pain that has not settled within 24 hours of a run"
    NIGHT_PAIN = "night_pain", "Night pain that keeps you awake"
    SADDLE_NUMBNESS = "saddle_numbness", "Numbness around the groin, buttocks or genitals"
    BLADDER_BOWEL = "bladder_bowel", "New problems controlling your bladder or bowels"
    BOTH_LEGS = "both_legs", "Pain, numbness or weakness in both legs"
    FEVER = "fever", "Fever or feeling generally unwell"
    CANCER_HISTORY = "cancer_history", "You have had cancer"
    TRAUMA = "trauma", "A recent fall, crash or blow to the back"
    WEIGHT_LOSS = "weight_loss", "Weight loss you cannot explain"


# Possible cauda equina syndrome: emergency care the same day (NICE NG59, NHS).
EMERGENCY_SYMPTOMS: frozenset[str] = frozenset({Symptom.SADDLE_NUMBNESS, Symptom.BLADDER_BOWEL, Symptom.BOTH_LEGS})

# The subset a runner logs day by day in the journal.
JOURNAL_SYMPTOMS: tuple[str, ...] = (
    Symptom.LEG_PAIN,
    Symptom.LEG_NEURO,
    Symptom.NOT_SETTLING,
    Symptom.NIGHT_PAIN,
    Symptom.SADDLE_NUMBNESS,
    Symptom.BLADDER_BOWEL,
    Symptom.BOTH_LEGS,
)


class Verdict(models.TextChoices):
    EMERGENCY = "emergency", "Get emergency care today"
    SEE_CLINICIAN = "see_clinician", "See a clinician before you run"
    WALK_INSTEAD = "walk_instead", "Walk instead of running for now"
    EASY_RUN = "easy_run", "Run, but keep it easy"
    RUN = "run", "Go for your run"


class LikelyCause(models.TextChoices):
    STIFF_HIP = "stiff_hip", "A stiff hip"
    MUSCLE_OVERWORK = "muscle_overwork", "Tired, overworked back muscles"


class LoadChange(models.TextChoices):
    FURTHER = "further", "Running further than usual"
    FASTER = "faster", "Running faster than usual"
    STRENGTH = "strength", "Started a new strength programme"


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    OTHER = "other", "Another answer"


class RiskFactor(models.TextChoices):
    """Context that makes back pain in runners more common. It never changes a verdict on its own."""

    MALE = "male", "Male runners get this kind of back pain more often"
    OVER_40 = "over_40", "Runners over 40 get this kind of back pain more often"
    LOAD_INCREASE = "load_increase", "A recent rise in training load often comes before it"


# Symptoms that need a medical opinion before running (but not emergency care): the article's
# checklist plus NICE NG59's signs of a serious cause.
ARTICLE_CLINICIAN_SYMPTOMS: frozenset[str] = frozenset(
    {Symptom.LEG_PAIN, Symptom.LEG_NEURO, Symptom.WORSENING_WEEKLY, Symptom.NOT_SETTLING, Symptom.NIGHT_PAIN}
)
SERIOUS_CAUSE_SYMPTOMS: frozenset[str] = frozenset(
    {Symptom.FEVER, Symptom.CANCER_HISTORY, Symptom.TRAUMA, Symptom.WEIGHT_LOSS}
)
CLINICIAN_SYMPTOMS: frozenset[str] = ARTICLE_CLINICIAN_SYMPTOMS | SERIOUS_CAUSE_SYMPTOMS


class AdviceCode(models.TextChoices):
    """Stable codes of the admin-edited texts (triage.models.AdviceText.code)."""

    VERDICT_EMERGENCY = "verdict_emergency", "Verdict: emergency"
    VERDICT_SEE_CLINICIAN = "verdict_see_clinician", "Verdict: see a clinician"
    VERDICT_WALK_INSTEAD = "verdict_walk_instead", "Verdict: walk instead"
    VERDICT_EASY_RUN = "verdict_easy_run", "Verdict: easy run"
    VERDICT_RUN = "verdict_run", "Verdict: run"
    CAUSE_STIFF_HIP = "cause_stiff_hip", "Cause: stiff hip"
    CAUSE_MUSCLE_OVERWORK = "cause_muscle_overwork", "Cause: muscle overwork"
    ADVICE_HIP_MOBILITY = "advice_hip_mobility", "Advice: hip mobility exercises"
    ADVICE_REDUCE_LOAD = "advice_reduce_load", "Advice: reduce the load on the back"
    ADVICE_PARS_DEFECT = "advice_pars_defect", "Advice: spinal stress fracture"
    ADVICE_LOAD_INCREASE = "advice_load_increase", "Advice: after a rise in training load"
    HELP_WHEN_TO_GET_HELP = "help_when_to_get_help", "When to get help (checklist)"


VERDICT_ADVICE: dict[str, str] = {
    Verdict.EMERGENCY: AdviceCode.VERDICT_EMERGENCY,
    Verdict.SEE_CLINICIAN: AdviceCode.VERDICT_SEE_CLINICIAN,
    Verdict.WALK_INSTEAD: AdviceCode.VERDICT_WALK_INSTEAD,
    Verdict.EASY_RUN: AdviceCode.VERDICT_EASY_RUN,
    Verdict.RUN: AdviceCode.VERDICT_RUN,
}

# Texts that must never be saved empty: they tell someone to get care.
REQUIRED_ADVICE: frozenset[str] = frozenset({AdviceCode.VERDICT_EMERGENCY, AdviceCode.VERDICT_SEE_CLINICIAN})
