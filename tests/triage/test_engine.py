"""The triage engine, rule by rule: a table of triggers, every precedence pair, and properties."""

from __future__ import annotations

import dataclasses
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.triage.rule_triggers import CAUSE_TRIGGERS, RISK_TRIGGERS, VERDICT_TRIGGERS
from triage.codes import AdviceCode, LoadChange, PainSide, Sex, Symptom
from triage.engine import ALL_RULES, CAUSE_RULES, RISK_RULES, VERDICT_TIERS, Answers, assess
from triage.rulebook import (
    CLINICIAN_SYMPTOMS,
    EMERGENCY_PAIRS,
    EMERGENCY_SYMPTOMS,
    RUN_CEILING,
    URGENT_PAIRS,
    URGENT_SYMPTOMS,
    WEAK_SIGNS,
    WEAK_SIGNS_FOR_URGENT,
    sign_tier,
    signs_at_age,
)

# Nothing wrong at all: the answers every trigger below starts from.
CALM = Answers(pain_now=0, normal_stride=True, spasm=False, pain_side="none", symptoms=frozenset(), pars_defect=False)

PRECEDENCE = ["emergency", "urgent", "see_clinician", "walk_instead", "easy_run", "run"]


def answers(**changes) -> Answers:
    for name in ("symptoms", "load_changes"):
        if name in changes:
            changes[name] = frozenset(changes[name])
    return dataclasses.replace(CALM, **changes)


def combine(*changes: dict) -> dict:
    merged: dict = {}
    for change in changes:
        for key, value in change.items():
            merged[key] = merged.get(key, set()) | value if key == "symptoms" else value
    return merged


def test_every_rule_in_the_engine_has_a_trigger_in_this_table():
    tabled = set(VERDICT_TRIGGERS) | set(CAUSE_TRIGGERS) | set(RISK_TRIGGERS)
    assert {rule.id for rule in ALL_RULES} == tabled
    assert len({rule.id for rule in ALL_RULES}) == len(ALL_RULES), "rule ids are unique"


@pytest.mark.parametrize(
    ("rule_id", "change", "verdict"), [(k, *v) for k, v in VERDICT_TRIGGERS.items()], ids=list(VERDICT_TRIGGERS)
)
def test_each_verdict_rule_fires_on_its_own_and_gives_its_verdict(rule_id, change, verdict):
    result = assess(answers(**change))
    assert result.verdict == verdict
    assert rule_id in result.rule_ids
    assert result.reasons, "a verdict always says why"


@pytest.mark.parametrize(
    ("rule_id", "change", "cause"), [(k, *v) for k, v in CAUSE_TRIGGERS.items()], ids=list(CAUSE_TRIGGERS)
)
def test_each_cause_rule_names_the_likely_cause_from_the_side(rule_id, change, cause):
    result = assess(answers(pain_now=3, **change))
    assert result.likely_cause == cause
    assert rule_id in result.rule_ids
    assert result.verdict == "easy_run", "the side never changes the verdict"


def test_right_sided_pain_also_points_to_a_stiff_hip():
    assert assess(answers(pain_now=2, pain_side="right")).likely_cause == "stiff_hip"


def test_no_particular_spot_names_no_cause():
    assert assess(answers(pain_now=2, pain_side="none")).likely_cause is None


@pytest.mark.parametrize(
    ("rule_id", "change", "factor"), [(k, *v) for k, v in RISK_TRIGGERS.items()], ids=list(RISK_TRIGGERS)
)
@pytest.mark.parametrize(
    "base",
    [{}, {"pain_now": 5}, {"spasm": True}, {"symptoms": {"night_pain"}}],
    ids=["run", "easy", "walk", "clinician"],
)
def test_each_risk_factor_is_reported_but_never_changes_the_verdict(rule_id, change, factor, base):
    without = assess(answers(**base))
    with_risk = assess(answers(**combine(base, change)))
    assert with_risk.verdict == without.verdict
    assert factor in with_risk.risk_factors
    assert rule_id in with_risk.rule_ids
    assert factor not in without.risk_factors


def test_forty_is_not_over_forty():
    assert assess(answers(age=40)).risk_factors == ()


def test_all_risk_factors_together_still_give_run_without_pain():
    result = assess(answers(age=70, sex="male", load_changes={"further", "faster", "strength"}))
    assert result.verdict == "run"
    assert result.risk_factors == ("male", "over_40", "load_increase")


def _rank(verdict: str) -> int:
    return PRECEDENCE.index(verdict)


def _reaches_a_pair(change_a: dict, change_b: dict) -> bool:
    """True when two triggers together complete a sign pair (cancer + leg_neuro...) neither holds alone."""
    together = set(change_a.get("symptoms", ())) | set(change_b.get("symptoms", ()))
    ages = [c["age"] for c in (change_a, change_b) if "age" in c]
    weak = signs_at_age(together, ages[0] if ages else None) & WEAK_SIGNS
    return len(weak) >= WEAK_SIGNS_FOR_URGENT or any(
        pair <= together and not pair <= set(c.get("symptoms", ()))
        for pair in (*EMERGENCY_PAIRS, *URGENT_PAIRS)
        for c in (change_a, change_b)
    )


def _clash(change_a: dict, change_b: dict) -> bool:
    """Two triggers that set the same plain answer (pain 7 and pain 4) cannot both hold."""
    return bool((set(change_a) & set(change_b)) - {"symptoms"})


PAIRS = [
    (a, b)
    for a, b in itertools.combinations(VERDICT_TRIGGERS, 2)
    if VERDICT_TRIGGERS[a][1] != VERDICT_TRIGGERS[b][1]
    and not _reaches_a_pair(VERDICT_TRIGGERS[a][0], VERDICT_TRIGGERS[b][0])
    and not _clash(VERDICT_TRIGGERS[a][0], VERDICT_TRIGGERS[b][0])
]


@pytest.mark.parametrize(("first", "second"), PAIRS, ids=[f"{a}+{b}" for a, b in PAIRS])
def test_in_every_precedence_pair_the_higher_verdict_wins(first, second):
    (change_a, verdict_a), (change_b, verdict_b) = VERDICT_TRIGGERS[first], VERDICT_TRIGGERS[second]
    winner, loser = (first, second) if _rank(verdict_a) < _rank(verdict_b) else (second, first)
    result = assess(answers(**combine(change_a, change_b)))
    assert result.verdict == VERDICT_TRIGGERS[winner][1]
    assert winner in result.rule_ids
    assert loser not in result.rule_ids, "a lower tier never gives a reason once a higher tier decided"


def test_every_pair_of_tiers_is_covered_by_the_pairs_table():
    covered = {tuple(sorted((VERDICT_TRIGGERS[a][1], VERDICT_TRIGGERS[b][1]), key=_rank)) for a, b in PAIRS}
    assert covered == set(itertools.combinations(PRECEDENCE, 2))


def test_all_rules_of_the_deciding_tier_give_reasons():
    result = assess(answers(symptoms={"trauma", "night_pain"}, pars_defect=True, spasm=True, age=30))
    assert result.verdict == "see_clinician"
    assert result.rule_ids == ("clinician.night_pain", "clinician.trauma", "clinician.pars_defect")
    assert len(result.reasons) == 3


def test_every_sign_of_the_deciding_care_now_tier_is_a_reason():
    result = assess(answers(symptoms={"fever", "weight_loss", "night_pain"}, pain_now=9, pain_side="left"))
    assert result.verdict == "urgent"
    assert result.rule_ids == ("urgent.fever", "urgent.weight_loss")
    assert len(result.reasons) == 2


@pytest.mark.parametrize(
    ("signs", "verdict", "rule_id"),
    [
        ({"cancer_history", "leg_neuro"}, "emergency", "emergency.cancer_with_leg_neuro"),
        ({"cancer_history", "leg_pain"}, "emergency", "emergency.cancer_with_leg_pain"),
        ({"cancer_history"}, "urgent", "urgent.cancer_history"),
        ({"leg_neuro"}, "see_clinician", "clinician.leg_neuro"),
        ({"leg_pain"}, "see_clinician", "clinician.leg_pain"),
        ({"trauma", "fracture_risk"}, "urgent", "urgent.trauma_with_fracture_risk"),
        ({"trauma"}, "see_clinician", "clinician.trauma"),
        ({"fracture_risk"}, "see_clinician", "clinician.fracture_risk"),
        ({"constant_pain", "night_pain"}, "urgent", "urgent.weak_signs_together"),
        ({"not_improving", "thoracic_pain"}, "urgent", "urgent.weak_signs_together"),
        ({"first_episode", "not_improving"}, "urgent", "urgent.weak_signs_together"),
        ({"constant_pain"}, "see_clinician", "clinician.constant_pain"),
        ({"night_pain"}, "see_clinician", "clinician.night_pain"),
        ({"first_episode"}, "see_clinician", "clinician.first_episode_over_50"),
    ],
)
def test_a_pair_of_signs_reaches_a_higher_tier_than_each_alone(signs, verdict, rule_id):
    result = assess(answers(symptoms=signs, age=55))
    assert (result.verdict, result.rule_ids[0]) == (verdict, rule_id)


def test_cancer_history_with_leg_pain_is_an_emergency_not_urgent():
    # NICE CG75 lists radicular pain among the symptoms that need immediate referral after cancer.
    result = assess(answers(pain_now=3, symptoms={"cancer_history", "leg_pain"}, age=60))
    assert result.verdict == "emergency"
    assert result.rule_ids == ("emergency.cancer_with_leg_pain",)


@pytest.mark.parametrize(
    ("age", "verdict"), [(12, "see_clinician"), (17, "see_clinician"), (18, "easy_run"), (None, "see_clinician")]
)
def test_pain_on_arching_backwards_counts_under_18_and_when_the_age_is_not_given(age, verdict):
    assert assess(answers(pain_now=3, symptoms={"extension_pain"}, age=age)).verdict == verdict


@pytest.mark.parametrize(
    ("age", "verdict"), [(49, "easy_run"), (50, "see_clinician"), (74, "see_clinician"), (None, "see_clinician")]
)
def test_a_first_episode_counts_from_50_and_when_the_age_is_not_given(age, verdict):
    assert assess(answers(pain_now=3, symptoms={"first_episode"}, age=age)).verdict == verdict


@pytest.mark.parametrize(
    ("age", "verdict"), [(45, "see_clinician"), (69, "see_clinician"), (70, "urgent"), (74, "urgent"), (None, "urgent")]
)
def test_a_fall_is_urgent_from_70_and_when_the_age_is_not_given(age, verdict):
    result = assess(answers(pain_now=3, symptoms={"trauma"}, age=age))
    assert result.verdict == verdict
    if verdict == "urgent":
        assert result.rule_ids == ("urgent.fall_over_70",)


@pytest.mark.parametrize(
    ("pain", "verdict"), [(5, "easy_run"), (6, "walk_instead"), (7, "walk_instead"), (10, "walk_instead")]
)
def test_pain_above_the_run_ceiling_walks_whatever_the_stride(pain, verdict):
    assert assess(answers(pain_now=pain)).verdict == verdict


def test_the_easy_run_advice_stops_at_the_same_ceiling_that_gives_walk_instead():
    easy = assess(answers(pain_now=RUN_CEILING))
    assert easy.verdict == "easy_run"
    assert f"rises above {RUN_CEILING}" in easy.reasons[0]
    assert assess(answers(pain_now=RUN_CEILING + 1)).verdict == "walk_instead"


@pytest.mark.parametrize("signs", [{"leg_pain"}, {"leg_neuro"}, {"night_pain"}, {"thoracic_pain"}])
@pytest.mark.parametrize("side", ["left", "right", "both"])
def test_no_likely_cause_is_given_beside_warning_signs(signs, side):
    result = assess(answers(pain_now=3, pain_side=side, symptoms=signs, age=30))
    assert result.verdict == "see_clinician"
    assert result.likely_cause is None
    assert not any(rule_id.startswith("cause.") for rule_id in result.rule_ids)
    assert not {"cause_stiff_hip", "advice_hip_mobility", "cause_muscle_overwork"} & set(result.advice_codes)


def test_spasm_without_pain_walks_in_words_that_do_not_claim_pain():
    result = assess(answers(pain_now=0, spasm=True))
    assert result.verdict == "walk_instead"
    assert "pain" not in result.reasons[0].lower()


def test_pain_on_both_sides_of_the_back_is_not_symptoms_in_both_legs():
    back = assess(answers(pain_now=4, pain_side="both"))
    legs = assess(answers(pain_now=4, symptoms={"both_legs"}))
    assert (back.verdict, back.likely_cause) == ("easy_run", "muscle_overwork")
    assert legs.verdict == "emergency"


def test_red_flag_verdicts_give_no_exercises_only_how_to_get_care():
    result = assess(answers(pain_now=5, pain_side="left", symptoms={"leg_pain"}, load_changes={"further"}))
    assert result.likely_cause is None
    assert result.advice_codes == ("verdict_see_clinician", "help_when_to_get_help")


def test_a_pars_defect_gets_its_own_advice():
    assert assess(answers(pars_defect=True)).advice_codes == (
        "verdict_see_clinician",
        "advice_pars_defect",
        "help_when_to_get_help",
    )


@pytest.mark.parametrize(
    ("change", "codes"),
    [
        ({"pain_now": 3, "pain_side": "right"}, ("verdict_easy_run", "cause_stiff_hip", "advice_hip_mobility")),
        ({"spasm": True, "pain_side": "both"}, ("verdict_walk_instead", "cause_muscle_overwork", "advice_reduce_load")),
        ({"load_changes": {"strength"}}, ("verdict_run", "advice_load_increase")),
    ],
)
def test_advice_follows_the_verdict_and_the_cause(change, codes):
    assert assess(answers(**change)).advice_codes == (*codes, "help_when_to_get_help")


@pytest.mark.parametrize(
    ("signs", "verdict"), [({"bladder_bowel"}, "emergency"), ({"fever"}, "urgent")], ids=["emergency", "urgent"]
)
def test_care_now_results_give_only_what_to_do_no_cause_no_context(signs, verdict):
    result = assess(answers(symptoms=signs, pain_now=4, pain_side="left", sex="male", load_changes={"further"}))
    assert result.verdict == verdict
    assert result.advice_codes == (f"verdict_{verdict}",)
    assert result.likely_cause is None
    assert result.risk_factors == ()
    assert not any(rule_id.startswith(("cause.", "risk.")) for rule_id in result.rule_ids)


def test_every_advice_code_the_engine_uses_is_a_known_text():
    known = set(AdviceCode.values)
    for change, _ in [*VERDICT_TRIGGERS.values(), *CAUSE_TRIGGERS.values(), *RISK_TRIGGERS.values()]:
        assert set(assess(answers(**change)).advice_codes) <= known


def test_the_registries_are_in_precedence_order():
    verdicts = [{str(rule.outcome) for rule in tier} for tier in VERDICT_TIERS]
    assert verdicts == [{v} for v in PRECEDENCE]
    assert {rule.id.split(".")[0] for rule in CAUSE_RULES} == {"cause"}
    assert {rule.id.split(".")[0] for rule in RISK_RULES} == {"risk"}


# --- properties -----------------------------------------------------------------------------------
any_answers = st.builds(
    Answers,
    pain_now=st.integers(0, 10),
    normal_stride=st.booleans(),
    spasm=st.booleans(),
    pain_side=st.sampled_from(PainSide.values),
    symptoms=st.frozensets(st.sampled_from(Symptom.values)),
    pars_defect=st.booleans(),
    age=st.none() | st.integers(1, 120),
    sex=st.none() | st.sampled_from(Sex.values),
    load_changes=st.frozensets(st.sampled_from(LoadChange.values)),
)


@given(base=any_answers, flag=st.sampled_from(sorted(EMERGENCY_SYMPTOMS)))
def test_any_emergency_sign_gives_emergency_whatever_else_is_answered(base, flag):
    result = assess(dataclasses.replace(base, symptoms=base.symptoms | {flag}))
    assert result.verdict == "emergency"


@given(base=any_answers, flag=st.sampled_from(sorted(URGENT_SYMPTOMS | CLINICIAN_SYMPTOMS) + ["pars_defect"]))
def test_any_other_warning_sign_means_a_clinician_or_higher_whatever_else_is_answered(base, flag):
    if flag == "pars_defect":
        flagged = dataclasses.replace(base, pars_defect=True)
    else:
        flagged = dataclasses.replace(base, symptoms=base.symptoms | {flag})
    result = assess(flagged)
    assert result.verdict in {"emergency", "urgent", "see_clinician"}
    if flag in URGENT_SYMPTOMS:
        assert result.verdict in {"emergency", "urgent"}


@given(any_answers)
def test_pain_above_the_run_ceiling_never_gives_run_or_easy_run(a):
    assert assess(dataclasses.replace(a, pain_now=max(a.pain_now, RUN_CEILING + 1))).verdict not in {"run", "easy_run"}


@given(any_answers)
def test_no_cause_is_guessed_beside_warning_signs(a):
    result = assess(a)
    if result.verdict in {"emergency", "urgent", "see_clinician"}:
        assert result.likely_cause is None
        assert not any(rule_id.startswith("cause.") for rule_id in result.rule_ids)


def _has_flag(a: Answers) -> bool:
    return sign_tier(signs_at_age(a.symptoms, a.age))[0] is not None or a.pars_defect


@given(any_answers)
def test_every_answer_gets_a_verdict_reasons_and_advice(a):
    result = assess(a)
    assert result.verdict in PRECEDENCE
    assert result.reasons
    assert result.advice_codes[0] == f"verdict_{result.verdict}"
    if result.verdict not in {"emergency", "urgent"}:
        assert result.advice_codes[-1] == "help_when_to_get_help"
    assert (result.verdict in {"emergency", "urgent", "see_clinician"}) == _has_flag(a)


@given(any_answers)
def test_risk_context_never_changes_the_verdict(a):
    stripped = dataclasses.replace(a, sex=None, load_changes=frozenset())
    if not {"extension_pain", "first_episode", "trauma"} & a.symptoms:
        stripped = dataclasses.replace(stripped, age=None)  # age counts only in the three age rules
    assert assess(a).verdict == assess(stripped).verdict
    assert assess(a).likely_cause == assess(stripped).likely_cause


@given(any_answers, st.sampled_from(Symptom.values))
def test_answering_yes_to_one_more_question_never_lowers_the_verdict(a, code):
    before, after = assess(a), assess(dataclasses.replace(a, symptoms=a.symptoms | {code}))
    assert _rank(after.verdict) <= _rank(before.verdict)


@given(any_answers, st.integers(1, 120))
def test_a_missing_age_is_never_less_cautious_than_any_given_age(a, age):
    without = assess(dataclasses.replace(a, age=None))
    assert _rank(without.verdict) <= _rank(assess(dataclasses.replace(a, age=age)).verdict)


@given(any_answers)
def test_every_reason_of_a_verdict_is_a_rule_of_that_verdicts_tier(a):
    result = assess(a)
    tier = next(t for t in VERDICT_TIERS if str(t[0].outcome) == result.verdict)
    assert {r for r in result.rule_ids if "." in r and r.split(".")[0] not in {"cause", "risk"}} <= {
        rule.id for rule in tier
    }
