"""The shared vocabulary: every sign has one tier, and sign_tier() grades sets of signs."""

from __future__ import annotations

import pytest

from triage.codes import JOURNAL_SYMPTOMS, SIGN_GROUPS, Symptom, Verdict
from triage.rulebook import CLINICIAN_SYMPTOMS, EMERGENCY_SYMPTOMS, URGENT_SYMPTOMS, sign_tier


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
    }
    assert Verdict.values == ["emergency", "urgent", "see_clinician", "walk_instead", "easy_run", "run"]


def test_every_sign_is_asked_once_in_a_group_and_the_journal_offers_every_warning_sign():
    grouped = [code for _group, _heading, codes in SIGN_GROUPS for code in codes]
    assert sorted(grouped) == sorted(Symptom.values)
    assert set(JOURNAL_SYMPTOMS) == EMERGENCY_SYMPTOMS | URGENT_SYMPTOMS | CLINICIAN_SYMPTOMS
    assert "extension_pain" not in JOURNAL_SYMPTOMS, "context for under-18s only, not a sign by itself"


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
        ({"cancer_history", "leg_neuro", "both_legs"}, ("emergency", ["both_legs", "cancer_history", "leg_neuro"])),
        ({"major_trauma", "fever"}, ("emergency", ["major_trauma"])),
    ],
)
def test_sign_tier_gives_the_highest_tier_and_every_sign_that_reached_it(signs, expected):
    assert sign_tier(signs) == expected
    assert sign_tier(list(signs)) == expected
