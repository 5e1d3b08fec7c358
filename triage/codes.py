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
