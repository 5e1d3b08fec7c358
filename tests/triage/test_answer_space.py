"""A dense walk of the answer space: every back answer, with no sign, each sign alone and every pair of
signs, for no age and an age in each of the rulebook's age bands. The clinical invariants hold at every
point."""

from __future__ import annotations

import itertools

from triage.codes import CARE_NOW_VERDICTS, PainSide, Symptom
from triage.engine import Answers, assess
from triage.rulebook import ADULT_AGE, EMERGENCY_SYMPTOMS, FRAIL_AGE, OLDER_AGE, RUN_CEILING, sign_tier, signs_at_age

SIGN_SETS = [
    frozenset(),
    *(frozenset({code}) for code in Symptom.values),
    *(frozenset(pair) for pair in itertools.combinations(Symptom.values, 2)),
]
RANK = ["emergency", "urgent", "see_clinician", "walk_instead", "easy_run", "run"]
# No age, and one age in each band the age rules tell apart (under 18, adult, 50 or over, 70 or over).
AGES = (None, ADULT_AGE - 1, ADULT_AGE + 20, OLDER_AGE, FRAIL_AGE)


def walk():
    for pain, stride, spasm, side, pars, age in itertools.product(
        range(11), (True, False), (True, False), PainSide.values, (True, False), AGES
    ):
        for signs in SIGN_SETS:
            yield Answers(
                pain_now=pain,
                normal_stride=stride,
                spasm=spasm,
                pain_side=side,
                symptoms=signs,
                pars_defect=pars,
                age=age,
            )


def test_the_clinical_invariants_hold_across_the_answer_space():
    seen = set()
    count = 0
    for a in walk():
        count += 1
        result = assess(a)
        seen.add(result.verdict)
        tier, _signs = sign_tier(signs_at_age(a.symptoms, a.age))
        if a.symptoms & EMERGENCY_SYMPTOMS:
            assert result.verdict == "emergency", a
        if a.pain_now > RUN_CEILING:
            assert result.verdict not in {"run", "easy_run"}, a
        if result.verdict in {*CARE_NOW_VERDICTS, "see_clinician"}:
            # The article's side rule is for mechanical pain without warning signs.
            assert result.likely_cause is None, a
            assert not any(rule_id.startswith("cause.") for rule_id in result.rule_ids), a
        if result.verdict in CARE_NOW_VERDICTS:
            assert result.likely_cause is None, a
            assert result.advice_codes == (f"verdict_{result.verdict}",), a
            assert result.risk_factors == (), a
        # The engine and monitoring's sign_tier() grade the signs alike.
        if tier in CARE_NOW_VERDICTS:
            assert result.verdict == tier, a
            assert len(result.reasons) >= 1
        elif tier == "see_clinician" or a.pars_defect:
            assert result.verdict == "see_clinician", a
        if tier is None:
            assert result.verdict not in CARE_NOW_VERDICTS, a
        if result.verdict in {"walk_instead", "easy_run", "run"}:
            assert tier is None, a
            assert not a.pars_defect, a
            expect = "walk_instead" if (not a.normal_stride or a.spasm or a.pain_now > RUN_CEILING) else None
            expect = expect or ("easy_run" if a.pain_now else "run")
            assert result.verdict == expect, a
        assert result.advice_codes[0] == f"verdict_{result.verdict}"
    assert seen == set(RANK), "the walk reaches every verdict"
    assert count > 500_000
