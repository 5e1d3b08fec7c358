"""The triage engine: answers in, assessment out. Pure: no request, no database, no settings.

Every decision is a small rule with a stable id, kept in the registries below in precedence order.
`docs/triage-rules.md` lists each rule with its source and the test that covers it; a test checks
that the document and the registries agree.

Precedence, highest first: emergency > urgent > see_clinician > walk_instead > easy_run > run. The
first tier with any rule that fires decides the verdict; every rule of that tier that fired gives a
reason. The likely cause comes from the side of the pain, and is given only for walk_instead, easy_run
and run (the article's side rule is for mechanical pain without warning signs); risk factors are
context and never move a verdict. Age counts in three rules (``triage.rulebook.signs_at_age``): pain
on arching backwards under 18, a first episode at 50 or over, a fall at 70 or over; a missing age takes
the cautious side of each.

Every clinical fact (tiers, pairs, pain ceiling, ages) is read from ``triage.rulebook``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from triage.codes import (
    CARE_NOW_VERDICTS,
    VERDICT_ADVICE,
    AdviceCode,
    LikelyCause,
    PainSide,
    RiskFactor,
    Sex,
    Symptom,
    Verdict,
)
from triage.rulebook import (
    CANCER_WITH_LEG_NEURO,
    CANCER_WITH_LEG_PAIN,
    EXTENSION_PAIN_UNDER_18,
    FALL_OVER_70,
    FIRST_EPISODE_OVER_50,
    OVER_AGE,
    RUN_CEILING,
    TRAUMA_WITH_FRACTURE_RISK,
    WEAK_SIGNS,
    WEAK_SIGNS_FOR_URGENT,
    signs_at_age,
)


@dataclass(frozen=True)
class Answers:
    pain_now: int
    normal_stride: bool
    spasm: bool
    pain_side: str
    symptoms: frozenset[str]
    pars_defect: bool
    age: int | None = None
    sex: str | None = None
    load_changes: frozenset[str] = frozenset()

    @cached_property
    def signs(self) -> frozenset[str]:
        """The symptoms with the age-dependent signs derived from them and the age (the rulebook's)."""
        return signs_at_age(self.symptoms, self.age)


def answers_from(data: Mapping[str, Any]) -> Answers:
    """The one Answers builder: from validated values under the API's field names (the JSON API and the
    HTML form both call it). Optional fields may be missing, None or empty."""
    return Answers(
        pain_now=int(data["pain_now"]),
        normal_stride=bool(data["normal_stride"]),
        spasm=bool(data["spasm"]),
        pain_side=str(data["pain_side"]),
        symptoms=frozenset(str(code) for code in data.get("symptoms") or ()),
        pars_defect=bool(data["pars_defect"]),
        age=data.get("age"),
        sex=data.get("sex") or None,
        load_changes=frozenset(str(code) for code in data.get("load_changes") or ()),
    )


def answers_as_json(answers: Answers) -> dict[str, Any]:
    """The answers under the API's field names, as plain JSON values (sorted code lists)."""
    return {
        "pain_now": answers.pain_now,
        "normal_stride": answers.normal_stride,
        "spasm": answers.spasm,
        "pain_side": answers.pain_side,
        "symptoms": sorted(answers.symptoms),
        "pars_defect": answers.pars_defect,
        "age": answers.age,
        "sex": answers.sex,
        "load_changes": sorted(answers.load_changes),
    }


@dataclass(frozen=True)
class Assessment:
    verdict: str
    likely_cause: str | None
    reasons: tuple[str, ...]
    rule_ids: tuple[str, ...]
    risk_factors: tuple[str, ...]
    advice_codes: tuple[str, ...]


@dataclass(frozen=True)
class Rule:
    """One rule: fires when `applies(answers)` is true and then gives `reason` (plain words)."""

    id: str
    applies: Callable[[Answers], bool]
    reason: Callable[[Answers], str]
    outcome: str | None  # a verdict, a likely cause, or a risk factor code (None: no cause)


def _symptom_rule(tier: str, symptom: str, verdict: str, reason: str) -> Rule:
    return Rule(
        id=f"{tier}.{Symptom(symptom).value}",
        applies=lambda a: symptom in a.signs,
        reason=lambda a: reason,
        outcome=verdict,
    )


def _fixed(text: str) -> Callable[[Answers], str]:
    return lambda a: text


# --- Verdict rules, grouped by tier, tiers in precedence order ------------------------------------
# The warning-sign tiers follow triage.rulebook (EMERGENCY_SYMPTOMS, URGENT_SIGNS, the pairs, WEAK_SIGNS,
# CLINICIAN_SIGNS), so the engine and monitoring's sign_tier() always grade a sign the same way
# (tests/triage/test_answer_space.py checks it over the answer space).
CAUDA_EQUINA = "Together with back pain this can mean the nerves at the bottom of the spine are being squeezed"

EMERGENCY_RULES: tuple[Rule, ...] = (
    _symptom_rule(
        "emergency",
        Symptom.SADDLE_NUMBNESS,
        Verdict.EMERGENCY,
        "You have numbness, tingling or changed feeling around the genitals, anus or inner buttocks. "
        f"{CAUDA_EQUINA} (cauda equina syndrome).",
    ),
    _symptom_rule(
        "emergency",
        Symptom.BLADDER_BOWEL,
        Verdict.EMERGENCY,
        f"You have new trouble with your bladder or bowels. {CAUDA_EQUINA} (cauda equina syndrome).",
    ),
    _symptom_rule(
        "emergency",
        Symptom.SEXUAL_DYSFUNCTION,
        Verdict.EMERGENCY,
        f"You have new loss of feeling or function in the genitals. {CAUDA_EQUINA} (cauda equina syndrome).",
    ),
    _symptom_rule(
        "emergency",
        Symptom.BOTH_LEGS,
        Verdict.EMERGENCY,
        "You have numbness, pins and needles or weakness in both legs, or nerve pain shooting down both legs. "
        "This is not the same as back pain on both sides or sore leg muscles after a run: nerve symptoms in "
        "both legs can mean pressure on the spinal nerves.",
    ),
    _symptom_rule(
        "emergency",
        Symptom.LEG_WEAKNESS_WORSENING,
        Verdict.EMERGENCY,
        "You have leg weakness that is severe or getting worse, which can mean a nerve is badly squeezed.",
    ),
    _symptom_rule(
        "emergency",
        Symptom.MAJOR_TRAUMA,
        Verdict.EMERGENCY,
        "Your pain started with a serious accident, so an injury to the spine needs checking straight away.",
    ),
    Rule(
        id="emergency.cancer_with_leg_neuro",
        applies=lambda a: a.symptoms >= CANCER_WITH_LEG_NEURO,
        reason=_fixed(
            "You have had cancer and now have weakness, pins and needles or numbness in a leg. Together these "
            "can mean pressure on the spinal cord (metastatic spinal cord compression)."
        ),
        outcome=Verdict.EMERGENCY,
    ),
    Rule(
        id="emergency.cancer_with_leg_pain",
        applies=lambda a: a.symptoms >= CANCER_WITH_LEG_PAIN,
        reason=_fixed(
            "You have had cancer and now have pain spreading down a leg. Together these can mean pressure on the "
            "spinal cord or its nerves (metastatic spinal cord compression)."
        ),
        outcome=Verdict.EMERGENCY,
    ),
)

URGENT_RULES: tuple[Rule, ...] = (
    _symptom_rule(
        "urgent",
        Symptom.FEVER,
        Verdict.URGENT,
        "You have a fever, chills or feel very unwell as well as back pain, which can be a sign of infection.",
    ),
    _symptom_rule(
        "urgent",
        Symptom.WEIGHT_LOSS,
        Verdict.URGENT,
        "You have lost weight without trying, which a doctor should check together with the back pain.",
    ),
    _symptom_rule(
        "urgent",
        Symptom.CANCER_HISTORY,
        Verdict.URGENT,
        "You have had cancer, so new back pain needs a doctor to rule out a link.",
    ),
    _symptom_rule(
        "urgent",
        Symptom.INFECTION_RISK,
        Verdict.URGENT,
        "A weakened immune system or injecting drugs makes an infection in the spine more likely.",
    ),
    Rule(
        id="urgent.trauma_with_fracture_risk",
        applies=lambda a: a.symptoms >= TRAUMA_WITH_FRACTURE_RISK,
        reason=_fixed(
            "You had a fall or blow, and osteoporosis or long-term steroid tablets make a broken bone in the "
            "spine more likely."
        ),
        outcome=Verdict.URGENT,
    ),
    Rule(
        id="urgent.fall_over_70",
        applies=lambda a: FALL_OVER_70 in a.signs,
        reason=lambda a: (
            "You had a recent fall or blow"
            + (" and did not give your age" if a.age is None else f" at {a.age}")
            + ". From 70, even a small fall can break a bone in the spine, so it needs checking today."
        ),
        outcome=Verdict.URGENT,
    ),
    Rule(
        id="urgent.weak_signs_together",
        applies=lambda a: len(a.signs & WEAK_SIGNS) >= WEAK_SIGNS_FOR_URGENT,
        reason=_fixed(
            "Several of your answers together (such as pain that never eases, pain between the shoulder blades, "
            "night pain, pain that is not getting better, or a first bout of back pain at 50 or over) can point "
            "to a cause other than a strained back, so a doctor should see you today."
        ),
        outcome=Verdict.URGENT,
    ),
)

CLINICIAN_RULES: tuple[Rule, ...] = (
    # From the source article's checklist of reasons to get a medical opinion.
    _symptom_rule(
        "clinician",
        Symptom.LEG_PAIN,
        Verdict.SEE_CLINICIAN,
        "Pain travels down your leg, which points to an irritated nerve rather than a sore back alone.",
    ),
    _symptom_rule(
        "clinician",
        Symptom.LEG_NEURO,
        Verdict.SEE_CLINICIAN,
        "You have weakness, pins and needles or numbness in one leg, which suggests a nerve is involved.",
    ),
    _symptom_rule(
        "clinician",
        Symptom.WORSENING_WEEKLY,
        Verdict.SEE_CLINICIAN,
        "Your pain is getting worse from one week to the next instead of settling.",
    ),
    _symptom_rule(
        "clinician",
        Symptom.NOT_SETTLING,
        Verdict.SEE_CLINICIAN,
        "Your pain has not eased within a day of running.",
    ),
    _symptom_rule(
        "clinician",
        Symptom.NIGHT_PAIN,
        Verdict.SEE_CLINICIAN,
        "Pain keeps you awake at night.",
    ),
    # NICE NG59: on their own, a fall or a raised fracture risk need a clinician's look.
    _symptom_rule(
        "clinician",
        Symptom.TRAUMA,
        Verdict.SEE_CLINICIAN,
        "Your back pain came after a recent fall or blow, so an injury needs ruling out.",
    ),
    _symptom_rule(
        "clinician",
        Symptom.FRACTURE_RISK,
        Verdict.SEE_CLINICIAN,
        "Osteoporosis or long-term steroid tablets make the bones of the spine weaker, so new back pain "
        "should be checked.",
    ),
    Rule(
        id="clinician.pars_defect",
        applies=lambda a: a.pars_defect,
        reason=_fixed(
            "You have a known or suspected spinal stress fracture (pars defect), one of the rare back injuries "
            "that running can make worse."
        ),
        outcome=Verdict.SEE_CLINICIAN,
    ),
    # NICE NG59 and NICE CKS: weak alone, so a clinician's look (two together are urgent, above).
    _symptom_rule(
        "clinician",
        Symptom.THORACIC_PAIN,
        Verdict.SEE_CLINICIAN,
        "You have pain in the upper back, between the shoulder blades. This check is for lower back pain, and "
        "pain higher up should be checked by a clinician.",
    ),
    _symptom_rule(
        "clinician",
        Symptom.CONSTANT_PAIN,
        Verdict.SEE_CLINICIAN,
        "Your pain is there all the time and does not ease with rest or lying down. A strained back usually "
        "eases with rest, so a clinician should check it.",
    ),
    _symptom_rule(
        "clinician",
        Symptom.NOT_IMPROVING,
        Verdict.SEE_CLINICIAN,
        "This bout of back pain has lasted more than 6 weeks without getting better, so it is time for a "
        "clinician to look at it.",
    ),
    Rule(
        id="clinician.first_episode_over_50",
        applies=lambda a: FIRST_EPISODE_OVER_50 in a.signs,
        reason=lambda a: (
            "This is your first bout of back pain like this"
            + (" and you did not give your age" if a.age is None else ", at 50 or over")
            + ". New back pain later in life should be checked by a clinician before you run."
        ),
        outcome=Verdict.SEE_CLINICIAN,
    ),
    Rule(
        id="clinician.extension_pain_under_18",
        applies=lambda a: EXTENSION_PAIN_UNDER_18 in a.signs,
        reason=lambda a: (
            ("You did not give your age" if a.age is None else "You are under 18")
            + " and the pain is worse when you arch backwards. In young athletes this can be a stress fracture "
            "in the spine, so get it checked before you run."
        ),
        outcome=Verdict.SEE_CLINICIAN,
    ),
)

WALK_RULES: tuple[Rule, ...] = (
    Rule(
        id="walk.no_stride",
        applies=lambda a: not a.normal_stride,
        reason=_fixed(
            "Pain stops you getting into your normal running stride. Running like that tires the back muscles "
            "and makes them guard even harder, so recovery takes longer."
        ),
        outcome=Verdict.WALK_INSTEAD,
    ),
    Rule(
        id="walk.spasm",
        applies=lambda a: a.spasm,
        reason=lambda a: (
            "Your back catches or grabs when you move, a sign the back muscles are in spasm. Let that pass "
            "before you run."
        ),
        outcome=Verdict.WALK_INSTEAD,
    ),
    Rule(
        id="walk.pain_above_ceiling",
        applies=lambda a: a.pain_now > RUN_CEILING,
        reason=lambda a: (
            f"Your pain is {a.pain_now} out of 10. A run should stop once pain goes above {RUN_CEILING}, so "
            "it is too sore to run today, however freely you move."
        ),
        outcome=Verdict.WALK_INSTEAD,
    ),
)

EASY_RUN_RULES: tuple[Rule, ...] = (
    Rule(
        id="easy_run.some_pain",
        applies=lambda a: a.pain_now > 0,
        reason=lambda a: (
            f"Your pain is {a.pain_now} out of 10, but you move freely and have none of the warning signs. "
            f"A short, easy run is fine; stop and walk home if the pain rises above {RUN_CEILING} during it."
        ),
        outcome=Verdict.EASY_RUN,
    ),
)

RUN_RULES: tuple[Rule, ...] = (
    Rule(
        id="run.no_pain",
        applies=lambda a: True,
        reason=_fixed("You have no pain and none of the warning signs."),
        outcome=Verdict.RUN,
    ),
)

VERDICT_TIERS: tuple[tuple[Rule, ...], ...] = (
    EMERGENCY_RULES,
    URGENT_RULES,
    CLINICIAN_RULES,
    WALK_RULES,
    EASY_RUN_RULES,
    RUN_RULES,
)

# --- Likely cause, from where the back hurts ------------------------------------------------------
CAUSE_RULES: tuple[Rule, ...] = (
    Rule(
        id="cause.one_side",
        applies=lambda a: a.pain_side in (PainSide.LEFT, PainSide.RIGHT),
        reason=_fixed(
            "Pain on one side of the lower back most often comes from a stiff hip that does not stretch far "
            "enough behind you as you stride."
        ),
        outcome=LikelyCause.STIFF_HIP,
    ),
    Rule(
        id="cause.both_sides",
        applies=lambda a: a.pain_side == PainSide.BOTH,
        reason=_fixed(
            "Pain spread evenly across both sides of the back most often comes from tired, overworked muscles."
        ),
        outcome=LikelyCause.MUSCLE_OVERWORK,
    ),
    Rule(
        id="cause.unclear",
        applies=lambda a: a.pain_side in (PainSide.CENTRE, PainSide.NONE),
        reason=_fixed("Pain in the middle, or in no particular spot, does not point to either of the usual causes."),
        outcome=None,
    ),
)

# --- Risk context (never changes a verdict) -------------------------------------------------------
RISK_RULES: tuple[Rule, ...] = (
    Rule(
        id="risk.male",
        applies=lambda a: a.sex == Sex.MALE,
        reason=_fixed(RiskFactor.MALE.label),
        outcome=RiskFactor.MALE,
    ),
    Rule(
        id="risk.over_40",
        applies=lambda a: a.age is not None and a.age > OVER_AGE,
        reason=_fixed(RiskFactor.OVER_40.label),
        outcome=RiskFactor.OVER_40,
    ),
    Rule(
        id="risk.load_increase",
        applies=lambda a: bool(a.load_changes),
        reason=_fixed(RiskFactor.LOAD_INCREASE.label),
        outcome=RiskFactor.LOAD_INCREASE,
    ),
)

ALL_RULES: tuple[Rule, ...] = (*[rule for tier in VERDICT_TIERS for rule in tier], *CAUSE_RULES, *RISK_RULES)

CAUSE_ADVICE: dict[str, tuple[str, ...]] = {
    LikelyCause.STIFF_HIP: (AdviceCode.CAUSE_STIFF_HIP, AdviceCode.ADVICE_HIP_MOBILITY),
    LikelyCause.MUSCLE_OVERWORK: (AdviceCode.CAUSE_MUSCLE_OVERWORK, AdviceCode.ADVICE_REDUCE_LOAD),
}
RED_FLAG_VERDICTS: frozenset[str] = frozenset({Verdict.EMERGENCY, Verdict.URGENT, Verdict.SEE_CLINICIAN})
# The article's side rule is for mechanical pain without warning signs: no likely cause above these.
CAUSE_VERDICTS: frozenset[str] = frozenset({Verdict.WALK_INSTEAD, Verdict.EASY_RUN, Verdict.RUN})


def assess(answers: Answers) -> Assessment:
    """Decide what a runner with these answers should do today, and why."""
    fired: tuple[Rule, ...] = ()
    for tier in VERDICT_TIERS:
        fired = tuple(rule for rule in tier if rule.applies(answers))
        if fired:
            break
    verdict = str(fired[0].outcome)

    if verdict in CARE_NOW_VERDICTS:
        # Someone who needs care now gets what to do and why: no cause guess, no context, no self-help.
        return Assessment(
            verdict=verdict,
            likely_cause=None,
            reasons=tuple(rule.reason(answers) for rule in fired),
            rule_ids=tuple(rule.id for rule in fired),
            risk_factors=(),
            advice_codes=(str(VERDICT_ADVICE[verdict]),),
        )

    cause_rule = (
        next((rule for rule in CAUSE_RULES if rule.applies(answers)), None) if verdict in CAUSE_VERDICTS else None
    )
    likely_cause = str(cause_rule.outcome) if cause_rule and cause_rule.outcome else None
    risks = tuple(rule for rule in RISK_RULES if rule.applies(answers))

    decided = (*fired, cause_rule) if cause_rule else fired
    return Assessment(
        verdict=verdict,
        likely_cause=likely_cause,
        reasons=tuple(rule.reason(answers) for rule in decided),
        rule_ids=tuple(rule.id for rule in (*decided, *risks)),
        risk_factors=tuple(str(rule.outcome) for rule in risks),
        advice_codes=_advice_codes(answers, verdict, likely_cause, risks),
    )


def _advice_codes(answers: Answers, verdict: str, likely_cause: str | None, risks: tuple[Rule, ...]) -> tuple[str, ...]:
    codes: list[str] = [VERDICT_ADVICE[verdict]]
    if verdict == Verdict.SEE_CLINICIAN:
        # No exercises until a clinician has seen the runner; only what applies to getting care.
        if answers.pars_defect:
            codes.append(AdviceCode.ADVICE_PARS_DEFECT)
    else:
        if likely_cause:
            codes.extend(CAUSE_ADVICE[likely_cause])
        if any(rule.outcome == RiskFactor.LOAD_INCREASE for rule in risks):
            codes.append(AdviceCode.ADVICE_LOAD_INCREASE)
    codes.append(AdviceCode.HELP_WHEN_TO_GET_HELP)
    return tuple(str(code) for code in codes)
