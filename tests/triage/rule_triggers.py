"""The engine's rules as a table of triggers: each rule id with the smallest change to calm answers that fires
it and what it must give (tests/triage/test_engine.py runs them; tests/triage/test_rules_doc.py checks
docs/triage-rules.md against them)."""

from __future__ import annotations

# rule id -> (the smallest change to CALM that fires it, the verdict it must give)
VERDICT_TRIGGERS: dict[str, tuple[dict, str]] = {
    "emergency.saddle_numbness": ({"symptoms": {"saddle_numbness"}}, "emergency"),
    "emergency.bladder_bowel": ({"symptoms": {"bladder_bowel"}}, "emergency"),
    "emergency.sexual_dysfunction": ({"symptoms": {"sexual_dysfunction"}}, "emergency"),
    "emergency.both_legs": ({"symptoms": {"both_legs"}}, "emergency"),
    "emergency.leg_weakness_worsening": ({"symptoms": {"leg_weakness_worsening"}}, "emergency"),
    "emergency.major_trauma": ({"symptoms": {"major_trauma"}}, "emergency"),
    "emergency.cancer_with_leg_neuro": ({"symptoms": {"cancer_history", "leg_neuro"}}, "emergency"),
    "emergency.cancer_with_leg_pain": ({"symptoms": {"cancer_history", "leg_pain"}}, "emergency"),
    "urgent.fever": ({"symptoms": {"fever"}}, "urgent"),
    "urgent.weight_loss": ({"symptoms": {"weight_loss"}}, "urgent"),
    "urgent.cancer_history": ({"symptoms": {"cancer_history"}}, "urgent"),
    "urgent.infection_risk": ({"symptoms": {"infection_risk"}}, "urgent"),
    "urgent.trauma_with_fracture_risk": ({"symptoms": {"trauma", "fracture_risk"}}, "urgent"),
    "urgent.fall_over_70": ({"symptoms": {"trauma"}, "age": 74}, "urgent"),
    "urgent.weak_signs_together": ({"symptoms": {"constant_pain", "thoracic_pain"}}, "urgent"),
    "clinician.leg_pain": ({"symptoms": {"leg_pain"}}, "see_clinician"),
    "clinician.leg_neuro": ({"symptoms": {"leg_neuro"}}, "see_clinician"),
    "clinician.worsening_weekly": ({"symptoms": {"worsening_weekly"}}, "see_clinician"),
    "clinician.not_settling": ({"symptoms": {"not_settling"}}, "see_clinician"),
    "clinician.night_pain": ({"symptoms": {"night_pain"}}, "see_clinician"),
    "clinician.trauma": ({"symptoms": {"trauma"}, "age": 45}, "see_clinician"),
    "clinician.fracture_risk": ({"symptoms": {"fracture_risk"}}, "see_clinician"),
    "clinician.pars_defect": ({"pars_defect": True}, "see_clinician"),
    "clinician.thoracic_pain": ({"symptoms": {"thoracic_pain"}}, "see_clinician"),
    "clinician.constant_pain": ({"symptoms": {"constant_pain"}}, "see_clinician"),
    "clinician.not_improving": ({"symptoms": {"not_improving"}}, "see_clinician"),
    "clinician.first_episode_over_50": ({"symptoms": {"first_episode"}, "age": 55}, "see_clinician"),
    "clinician.extension_pain_under_18": ({"symptoms": {"extension_pain"}, "age": 15}, "see_clinician"),
    "walk.no_stride": ({"normal_stride": False}, "walk_instead"),
    "walk.spasm": ({"spasm": True}, "walk_instead"),
    "walk.pain_above_ceiling": ({"pain_now": 6}, "walk_instead"),
    "easy_run.some_pain": ({"pain_now": 4}, "easy_run"),
    "run.no_pain": ({}, "run"),
}

CAUSE_TRIGGERS: dict[str, tuple[dict, str | None]] = {
    "cause.one_side": ({"pain_side": "left"}, "stiff_hip"),
    "cause.both_sides": ({"pain_side": "both"}, "muscle_overwork"),
    "cause.unclear": ({"pain_side": "centre"}, None),
}

RISK_TRIGGERS: dict[str, tuple[dict, str]] = {
    "risk.male": ({"sex": "male"}, "male"),
    "risk.over_40": ({"age": 41}, "over_40"),
    "risk.load_increase": ({"load_changes": {"faster"}}, "load_increase"),
}
