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
    """Warning signs: each is one yes/no question on the triage form and the journal's daily entry."""

    # Emergency tier (possible cauda equina syndrome, major trauma; NICE NG59, NHS).
    SADDLE_NUMBNESS = (
        "saddle_numbness",
        "Numbness, tingling or changed feeling around the genitals, anus or inner buttocks",
    )
    BLADDER_BOWEL = (
        "bladder_bowel",
        "New trouble peeing, not feeling when your bladder is full, or losing control of bladder or bowels",
    )
    SEXUAL_DYSFUNCTION = "sexual_dysfunction", "New loss of feeling or function in the genitals"
    BOTH_LEGS = "both_legs", "Pain, numbness or weakness in both legs"
    LEG_WEAKNESS_WORSENING = (
        "leg_weakness_worsening",
        "Leg weakness that is severe or getting worse (a foot that slaps or catches)",
    )
    MAJOR_TRAUMA = (
        "major_trauma",
        "The pain started with a serious accident, such as a road collision or a fall from a height",
    )
    # Urgent tier (possible serious cause; NICE NG59, NICE CG75, NHS).
    FEVER = "fever", "Fever, chills or feeling very unwell with the back pain"
    WEIGHT_LOSS = "weight_loss", "Weight loss you cannot explain"
    CANCER_HISTORY = "cancer_history", "You have had cancer"
    INFECTION_RISK = (
        "infection_risk",
        "A weakened immune system (chemotherapy, long-term steroids, HIV) or injecting drugs",
    )
    # See-a-clinician tier (the article's checklist and context signs).
    LEG_PAIN = "leg_pain", "Pain spreading down a leg"
    LEG_NEURO = "leg_neuro", "Weakness, pins and needles or numbness in one leg"
    WORSENING_WEEKLY = "worsening_weekly", "Getting worse week on week"
    NOT_SETTLING = "not_settling", "Pain that has not settled within 24 hours of a run"
    NIGHT_PAIN = "night_pain", "Night pain that keeps you awake"
    TRAUMA = "trauma", "A recent fall or blow to the back"
    FRACTURE_RISK = "fracture_risk", "Osteoporosis, or taking steroid tablets for a long time"
    # Context, not a warning sign on its own: counts only for a runner under 18 (see triage.engine).
    EXTENSION_PAIN = "extension_pain", "The pain is worse when you arch backwards"


# Every warning sign, in the order the forms ask them (extension_pain is context, not a sign by itself).
WARNING_SIGNS: tuple[str, ...] = tuple(code for code in Symptom.values if code != Symptom.EXTENSION_PAIN)

# The journal's daily entry offers every warning sign (the same questions as the triage form).
JOURNAL_SYMPTOMS: tuple[str, ...] = WARNING_SIGNS


# The warning-sign questions in groups, as the triage form and the journal's entry form ask them.
# (group id, heading, codes). Every sign is in exactly one group.
SIGN_GROUPS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "nerves",
        "Feeling and control below the waist",
        (Symptom.SADDLE_NUMBNESS, Symptom.BLADDER_BOWEL, Symptom.SEXUAL_DYSFUNCTION),
    ),
    ("legs", "Your legs", (Symptom.LEG_PAIN, Symptom.LEG_NEURO, Symptom.BOTH_LEGS, Symptom.LEG_WEAKNESS_WORSENING)),
    (
        "pattern",
        "How the pain behaves",
        (Symptom.WORSENING_WEEKLY, Symptom.NOT_SETTLING, Symptom.NIGHT_PAIN, Symptom.EXTENSION_PAIN),
    ),
    ("injury", "Falls and accidents", (Symptom.MAJOR_TRAUMA, Symptom.TRAUMA)),
    (
        "health",
        "Your health",
        (Symptom.FEVER, Symptom.WEIGHT_LOSS, Symptom.CANCER_HISTORY, Symptom.INFECTION_RISK, Symptom.FRACTURE_RISK),
    ),
)


class Verdict(models.TextChoices):
    EMERGENCY = "emergency", "Get emergency care now"
    URGENT = "urgent", "See a doctor today"
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


class AdviceCode(models.TextChoices):
    """Stable codes of the admin-edited texts (triage.models.AdviceText.code)."""

    VERDICT_EMERGENCY = "verdict_emergency", "Verdict: emergency"
    VERDICT_URGENT = "verdict_urgent", "Verdict: urgent (see a doctor today)"
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
    Verdict.URGENT: AdviceCode.VERDICT_URGENT,
    Verdict.SEE_CLINICIAN: AdviceCode.VERDICT_SEE_CLINICIAN,
    Verdict.WALK_INSTEAD: AdviceCode.VERDICT_WALK_INSTEAD,
    Verdict.EASY_RUN: AdviceCode.VERDICT_EASY_RUN,
    Verdict.RUN: AdviceCode.VERDICT_RUN,
}

# Texts that must never be saved empty: they tell someone to get care.
REQUIRED_ADVICE: frozenset[str] = frozenset(
    {AdviceCode.VERDICT_EMERGENCY, AdviceCode.VERDICT_URGENT, AdviceCode.VERDICT_SEE_CLINICIAN}
)

# Verdicts that send someone for care now: their pages show only what to do, the signs and the disclaimer.
CARE_NOW_VERDICTS: frozenset[str] = frozenset({Verdict.EMERGENCY, Verdict.URGENT})
