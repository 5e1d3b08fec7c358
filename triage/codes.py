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
    """Warning signs: each is one yes/no question on the triage form; the journal's daily entry asks those
    that can be new on a day (``triage.rulebook.DAILY_SIGNS``)."""

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
    BOTH_LEGS = (
        "both_legs",
        "Numbness, pins and needles or weakness in both legs, or nerve pain shooting down both legs "
        "(not aching or tired leg muscles after a run)",
    )
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
    CANCER_HISTORY = "cancer_history", "Cancer, now or in the past"
    INFECTION_RISK = (
        "infection_risk",
        "A weakened immune system (from chemotherapy, medicines after a transplant, or HIV) or injecting drugs",
    )
    # See-a-clinician tier (the article's checklist and context signs).
    LEG_PAIN = "leg_pain", "Pain spreading down a leg"
    LEG_NEURO = "leg_neuro", "Weakness, pins and needles or numbness in one leg"
    WORSENING_WEEKLY = "worsening_weekly", "Getting worse week on week"
    NOT_SETTLING = "not_settling", "Pain that has not settled within 24 hours of a run"
    NIGHT_PAIN = "night_pain", "Night pain that keeps you awake"
    TRAUMA = "trauma", "A recent fall or blow to the back"
    FRACTURE_RISK = "fracture_risk", "Osteoporosis, or steroid tablets taken for 3 months or more"
    # Possible serious cause, weak alone (NICE NG59, NICE CKS): see a clinician; two together: urgent.
    THORACIC_PAIN = "thoracic_pain", "Pain in the upper back, between the shoulder blades"
    CONSTANT_PAIN = "constant_pain", "Pain that is there all the time and does not ease with rest or lying down"
    NOT_IMPROVING = "not_improving", "This bout of back pain has lasted more than 6 weeks and is not getting better"
    # Context, not a warning sign on its own: counts only at some ages (triage.rulebook.signs_at_age).
    EXTENSION_PAIN = "extension_pain", "The pain is worse when you arch backwards"
    FIRST_EPISODE = "first_episode", "This is the first time you have had back pain like this"


# Answers that are context, not a warning sign by themselves: they count only at some ages.
CONTEXT_SIGNS: frozenset[str] = frozenset({Symptom.EXTENSION_PAIN, Symptom.FIRST_EPISODE})

# Every warning sign, in the order the forms ask them.
WARNING_SIGNS: tuple[str, ...] = tuple(code for code in Symptom.values if code not in CONTEXT_SIGNS)


def __getattr__(name: str) -> tuple[str, ...]:
    # JOURNAL_SYMPTOMS: the signs the journal's daily entry asks about, ``triage.rulebook.DAILY_SIGNS`` (signs
    # that can be new today: no standing conditions). Read lazily because the rulebook imports this module.
    if name == "JOURNAL_SYMPTOMS":
        from triage.rulebook import DAILY_SIGNS

        return DAILY_SIGNS
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# The warning-sign questions in groups, as the triage form asks them (the journal's entry form shows the
# groups' daily signs). (group id, heading, codes). Every sign is in exactly one group.
SIGN_GROUPS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "nerves",
        "Feeling and control below the waist",
        (Symptom.SADDLE_NUMBNESS, Symptom.BLADDER_BOWEL, Symptom.SEXUAL_DYSFUNCTION),
    ),
    ("legs", "Your legs", (Symptom.LEG_PAIN, Symptom.LEG_NEURO, Symptom.BOTH_LEGS, Symptom.LEG_WEAKNESS_WORSENING)),
    (
        "pattern",
        "Where and how the pain behaves",
        (
            Symptom.THORACIC_PAIN,
            Symptom.WORSENING_WEEKLY,
            Symptom.NOT_SETTLING,
            Symptom.NIGHT_PAIN,
            Symptom.CONSTANT_PAIN,
            Symptom.EXTENSION_PAIN,
        ),
    ),
    ("episode", "This bout of back pain", (Symptom.NOT_IMPROVING, Symptom.FIRST_EPISODE)),
    ("injury", "Falls and accidents", (Symptom.MAJOR_TRAUMA, Symptom.TRAUMA)),
    ("health", "Your health now", (Symptom.FEVER, Symptom.WEIGHT_LOSS)),
    (
        "background",
        "Your health background",
        (Symptom.CANCER_HISTORY, Symptom.FRACTURE_RISK, Symptom.INFECTION_RISK),
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
