"""Built-in texts shown when an advice record is missing or empty, so a page never breaks.

Deliberately short and safe; the full texts live in the database (loaded by a data migration) and are
edited by admins.
"""

from __future__ import annotations

from triage.codes import AdviceCode

FALLBACK_TEXTS: dict[str, tuple[str, str]] = {
    AdviceCode.VERDICT_EMERGENCY: (
        "Get emergency care now",
        "Call the emergency number below, or go to the nearest emergency department now. Do not run.",
    ),
    AdviceCode.VERDICT_URGENT: (
        "See a doctor today",
        "Get a same-day appointment with a GP, or go to an urgent care centre. Do not run until you have been seen.",
    ),
    AdviceCode.VERDICT_SEE_CLINICIAN: (
        "See a clinician before you run",
        "Book an appointment with your GP or a physiotherapist soon, and hold off running until you have been "
        "checked. Gentle walking is fine.",
    ),
    AdviceCode.VERDICT_WALK_INSTEAD: (
        "Walk instead of running for now",
        "Swap running for comfortable walks for a few days, until your back moves freely again.",
    ),
    AdviceCode.VERDICT_EASY_RUN: (
        "Run, but keep it easy",
        "A short, easy run is fine: no speed. Stop and walk home if the pain rises above 5 out of 10.",
    ),
    AdviceCode.VERDICT_RUN: ("Go for your run", "Nothing in your answers stops you running today."),
    AdviceCode.CAUSE_STIFF_HIP: ("A stiff hip", "One-sided back pain in runners often comes from a stiff hip."),
    AdviceCode.CAUSE_MUSCLE_OVERWORK: (
        "Overworked back muscles",
        "Pain across both sides often comes from back muscles that are working too hard.",
    ),
    AdviceCode.ADVICE_HIP_MOBILITY: ("Free up your hips", "Walking lunges and a sumo squat stretch can help."),
    AdviceCode.ADVICE_REDUCE_LOAD: (
        "Ease the load on your back",
        "When you are back to normal running, mix fast and slow running and add walk breaks to long runs.",
    ),
    AdviceCode.ADVICE_PARS_DEFECT: (
        "A spinal stress fracture needs a clinician",
        "Running can make this injury worse. Get it assessed before you run.",
    ),
    AdviceCode.ADVICE_LOAD_INCREASE: (
        "You changed your training recently",
        "Back pain often follows a rise in training load. Ease back for a while.",
    ),
    AdviceCode.HELP_WHEN_TO_GET_HELP: (
        "When to get help",
        "See a GP or physiotherapist if pain spreads down a leg, a leg feels weak or numb, the pain gets worse "
        "week on week, does not settle within a day of a run, keeps you awake at night, never eases with rest, "
        "is between the shoulder blades, or has not got better in 6 weeks. See a doctor today for a fever, "
        "weight loss you cannot explain, or a fall at 70 or over. Get emergency care now for numbness around "
        "the genitals or anus, new bladder or bowel trouble, nerve symptoms in both legs, or leg symptoms "
        "after cancer.",
    ),
}

GENERIC_FALLBACK: tuple[str, str] = (
    "Advice",
    "If you are unsure about your back, talk to a clinician before you run.",
)
