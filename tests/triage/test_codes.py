"""The shared vocabulary: every sign has one tier, and sign_tier() grades sets of signs."""

from __future__ import annotations

import pytest

from triage.codes import CONTEXT_SIGNS, JOURNAL_SYMPTOMS, SIGN_GROUPS, WARNING_SIGNS, Symptom, Verdict
from triage.rulebook import (
    CLINICIAN_SYMPTOMS,
    DAILY_SIGNS,
    EMERGENCY_SYMPTOMS,
    PROFILE_CONDITIONS,
    STANDING_CONDITIONS,
    URGENT_SYMPTOMS,
    sign_tier,
)


def test_the_codes_are_exactly_those_the_issue_names():
    assert set(EMERGENCY_SYMPTOMS) == {
        "saddle_numbness",
        "bladder_bowel",
        "sexual_dysfunction",
        "both_legs",
        "leg_weakness_worsening",
        "major_trauma",
    }
    assert set(URGENT_SYMPTOMS) == {"fever", "weight_loss", "cancer_history", "infection_risk"}
    assert set(CLINICIAN_SYMPTOMS) == {
        "leg_pain",
        "leg_neuro",
        "worsening_weekly",
        "not_settling",
        "night_pain",
        "trauma",
        "fracture_risk",
        "thoracic_pain",
        "constant_pain",
        "not_improving",
    }
    assert Verdict.values == ["emergency", "urgent", "see_clinician", "walk_instead", "easy_run", "run"]


def test_every_sign_is_asked_once_in_a_group():
    grouped = [code for _group, _heading, codes in SIGN_GROUPS for code in codes]
    assert sorted(grouped) == sorted(Symptom.values)
    assert set(WARNING_SIGNS) == EMERGENCY_SYMPTOMS | URGENT_SYMPTOMS | CLINICIAN_SYMPTOMS
    assert {"extension_pain", "first_episode"} == CONTEXT_SIGNS, "context that counts only at some ages"


def test_the_journal_asks_only_signs_that_can_be_new_on_a_day():
    assert JOURNAL_SYMPTOMS == DAILY_SIGNS
    assert set(DAILY_SIGNS) == set(WARNING_SIGNS) - STANDING_CONDITIONS - {"not_improving"}
    assert not {"cancer_history", "fracture_risk", "infection_risk"} & set(DAILY_SIGNS)
    assert {"thoracic_pain", "constant_pain", "fever", "both_legs"} <= set(DAILY_SIGNS)


def test_steroids_are_named_in_one_question_only():
    naming = [code for code, label in Symptom.choices if "steroid" in label.lower()]
    assert naming == ["fracture_risk"]


def test_symptoms_in_both_legs_are_worded_as_nerve_symptoms_not_sore_muscles():
    label = Symptom.BOTH_LEGS.label
    assert "pins and needles" in label
    assert "not aching or tired leg muscles after a run" in label
    assert not label.startswith("Pain")


def test_the_profile_asks_the_standing_conditions_and_a_pars_defect():
    assert set(PROFILE_CONDITIONS) == STANDING_CONDITIONS | {"pars_defect"}


@pytest.mark.parametrize(
    ("signs", "expected"),
    [
        (set(), (None, [])),
        ({"extension_pain"}, (None, [])),
        ({"night_pain"}, ("see_clinician", ["night_pain"])),
        ({"trauma", "night_pain"}, ("see_clinician", ["night_pain", "trauma"])),
        ({"trauma", "fracture_risk"}, ("urgent", ["fracture_risk", "trauma"])),
        ({"fever", "night_pain"}, ("urgent", ["fever"])),
        ({"cancer_history"}, ("urgent", ["cancer_history"])),
        ({"cancer_history", "leg_neuro"}, ("emergency", ["cancer_history", "leg_neuro"])),
        ({"cancer_history", "leg_pain"}, ("emergency", ["cancer_history", "leg_pain"])),
        ({"first_episode"}, (None, [])),
        ({"first_episode_over_50"}, ("see_clinician", ["first_episode_over_50"])),
        ({"trauma", "fall_over_70"}, ("urgent", ["fall_over_70"])),
        ({"constant_pain"}, ("see_clinician", ["constant_pain"])),
        ({"constant_pain", "night_pain"}, ("urgent", ["constant_pain", "night_pain"])),
        ({"thoracic_pain", "not_improving", "leg_pain"}, ("urgent", ["not_improving", "thoracic_pain"])),
        ({"cancer_history", "leg_neuro", "both_legs"}, ("emergency", ["both_legs", "cancer_history", "leg_neuro"])),
        ({"major_trauma", "fever"}, ("emergency", ["major_trauma"])),
    ],
)
def test_sign_tier_gives_the_highest_tier_and_every_sign_that_reached_it(signs, expected):
    assert sign_tier(signs) == expected
    assert sign_tier(list(signs)) == expected
