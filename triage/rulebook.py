"""The clinical rulebook: every clinical fact that triage, monitoring and the return-to-run plan use.

Pure Python (no database, no request, no settings). Triage, monitoring and plans read their clinical
facts here and nowhere else: one tier per warning sign, one set of pain bands, one meaning of "settled
by the next morning", one minimal important change, one set of windows. ``docs/clinical-safety.md``
traces each fact to its source and to the tests that hold it; ``docs/triage-rules.md``,
``docs/monitoring.md`` and ``docs/plans.md`` are tested against this module.

Sources (cited by title, never by a file path):
- *Should I run with lower back pain?* (the article Backtrack's check is built on).
- NICE NG59, *Low back pain and sciatica in over 16s: assessment and management* (red flags).
- NICE CG75, *Metastatic spinal cord compression in adults* (cancer history with back pain).
- NICE CKS, *Back pain - low (without radiculopathy)* (red flags, review when not improving).
- NHS England, *National suspected cauda equina syndrome pathway* (emergency signs, same-day imaging).
- Thomeé R. Phys Ther 1997;77:1690-1703 (pain during exercise up to 5/10 is acceptable).
- Silbernagel KG et al. Am J Sports Med 2007;35:897-906 (the pain-monitoring model: up to 5/10
  during and after activity, settled by the next morning, no rise from week to week).
- Ostelo RW et al. Spine 2008;33:90-94 (minimal important change of the 0-10 pain scale: 2 points
  or 30 %).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from triage.codes import WARNING_SIGNS, Symptom

# =====================================================================================================
# 1. Warning signs: tiers. The first tier with any sign decides.
# =====================================================================================================


class SignTier(StrEnum):
    EMERGENCY = "emergency"
    URGENT = "urgent"
    SEE_CLINICIAN = "see_clinician"

    @property
    def label(self) -> str:
        return {"emergency": "Emergency", "urgent": "Urgent", "see_clinician": "See a clinician"}[self.value]


# Emergency tier: possible cauda equina syndrome or spinal cord compression, major trauma
# (NICE NG59; NHS national suspected cauda equina pathway).
EMERGENCY_SYMPTOMS: frozenset[str] = frozenset(
    {
        Symptom.SADDLE_NUMBNESS,
        Symptom.BLADDER_BOWEL,
        Symptom.SEXUAL_DYSFUNCTION,
        Symptom.BOTH_LEGS,
        Symptom.LEG_WEAKNESS_WORSENING,
        Symptom.MAJOR_TRAUMA,
    }
)
# Pairs that together reach a higher tier than each alone.
# NICE CG75: in someone who has had cancer, back pain with neurological symptoms (radicular pain, numbness,
# pins and needles, weakness) needs immediate referral: possible metastatic spinal cord compression.
CANCER_WITH_LEG_NEURO: frozenset[str] = frozenset({Symptom.CANCER_HISTORY, Symptom.LEG_NEURO})
CANCER_WITH_LEG_PAIN: frozenset[str] = frozenset({Symptom.CANCER_HISTORY, Symptom.LEG_PAIN})  # radicular pain
EMERGENCY_PAIRS: tuple[frozenset[str], ...] = (CANCER_WITH_LEG_NEURO, CANCER_WITH_LEG_PAIN)
# Urgent tier: a possible serious cause, seen the same day (NICE NG59, NICE CG75, NHS).
URGENT_SYMPTOMS: frozenset[str] = frozenset(
    {Symptom.FEVER, Symptom.WEIGHT_LOSS, Symptom.CANCER_HISTORY, Symptom.INFECTION_RISK}
)
TRAUMA_WITH_FRACTURE_RISK: frozenset[str] = frozenset({Symptom.TRAUMA, Symptom.FRACTURE_RISK})  # fracture (NICE NG59)
URGENT_PAIRS: tuple[frozenset[str], ...] = (TRAUMA_WITH_FRACTURE_RISK,)
# The article's checklist: a medical opinion before running.
ARTICLE_CLINICIAN_SYMPTOMS: frozenset[str] = frozenset(
    {Symptom.LEG_PAIN, Symptom.LEG_NEURO, Symptom.WORSENING_WEEKLY, Symptom.NOT_SETTLING, Symptom.NIGHT_PAIN}
)
# Signs of a possible serious cause that NICE NG59 and NICE CKS call weak on their own (most people with
# them have simple back pain): a clinician's look alone, the same day when two or more come together.
# NICE CKS lists thoracic pain, constant non-mechanical pain, pain not improving after 4-6 weeks, night
# pain and a first episode after 50 among the features of cancer, infection or fracture.
WEAK_ALONE_SYMPTOMS: frozenset[str] = frozenset({Symptom.THORACIC_PAIN, Symptom.CONSTANT_PAIN, Symptom.NOT_IMPROVING})
CLINICIAN_SYMPTOMS: frozenset[str] = (
    ARTICLE_CLINICIAN_SYMPTOMS | {Symptom.TRAUMA, Symptom.FRACTURE_RISK} | WEAK_ALONE_SYMPTOMS
)

# Signs that depend on the age as well as the answer: never asked as such, derived by signs_at_age()
# (section 6) from an answer and the age.
EXTENSION_PAIN_UNDER_18 = "extension_pain_under_18"  # spondylolysis in young athletes: see a clinician
FIRST_EPISODE_OVER_50 = "first_episode_over_50"  # NICE NG59/CKS: weak alone, see a clinician
FALL_OVER_70 = "fall_over_70"  # NICE CKS: minor trauma in an older adult suggests a fracture: urgent
AGE_SIGNS: frozenset[str] = frozenset({EXTENSION_PAIN_UNDER_18, FIRST_EPISODE_OVER_50, FALL_OVER_70})

# Weak signs that together make a serious cause likely enough for a same-day doctor (urgent).
WEAK_SIGNS: frozenset[str] = WEAK_ALONE_SYMPTOMS | {Symptom.NIGHT_PAIN, FIRST_EPISODE_OVER_50}
WEAK_SIGNS_FOR_URGENT = 2

# Every sign by tier, the age-dependent ones included (what sign_tier grades).
URGENT_SIGNS: frozenset[str] = URGENT_SYMPTOMS | {FALL_OVER_70}
CLINICIAN_SIGNS: frozenset[str] = CLINICIAN_SYMPTOMS | {EXTENSION_PAIN_UNDER_18, FIRST_EPISODE_OVER_50}

# Signs of a possible serious cause (urgent alone or in a pair).
SERIOUS_CAUSE_SYMPTOMS: frozenset[str] = URGENT_SYMPTOMS | {Symptom.TRAUMA, Symptom.FRACTURE_RISK}

# Leg symptoms of nerve irritation (radicular pain): a clinician's opinion before running (the article).
LEG_SYMPTOMS: frozenset[str] = frozenset({Symptom.LEG_PAIN, Symptom.LEG_NEURO})

# Standing conditions: facts about the person that stay true from day to day. They belong to the
# runner's profile, are asked once and never again in the daily entry (ticking them every day would
# reopen a flag a clinician has just cleared). Long-term steroids are asked once, with osteoporosis
# (fracture_risk): the infection question no longer names them.
STANDING_CONDITIONS: frozenset[str] = frozenset({Symptom.CANCER_HISTORY, Symptom.FRACTURE_RISK, Symptom.INFECTION_RISK})
# A known or suspected pars defect (the triage form's own yes/no question, `pars_defect`) is a standing
# condition too: see a clinician before running (the article).
PARS_DEFECT = "pars_defect"
# The runner's profile ("Your health background") asks these, in this order (accounts.User.standing_conditions).
PROFILE_CONDITIONS: tuple[str, ...] = (
    Symptom.CANCER_HISTORY,
    Symptom.FRACTURE_RISK,
    Symptom.INFECTION_RISK,
    PARS_DEFECT,
)
# About the bout of pain, not the day: monitoring measures "not improving" from the journal itself.
EPISODE_SIGNS: frozenset[str] = frozenset({Symptom.NOT_IMPROVING})
# The signs the journal's daily entry asks about: those that can be new on a day.
DAILY_SIGNS: tuple[str, ...] = tuple(code for code in WARNING_SIGNS if code not in STANDING_CONDITIONS | EPISODE_SIGNS)

TIER_ORDER: tuple[SignTier, ...] = (SignTier.EMERGENCY, SignTier.URGENT, SignTier.SEE_CLINICIAN)


def sign_tier(signs: Iterable[str]) -> tuple[SignTier | None, list[str]]:
    """The highest tier reached by these warning signs and the signs that reached it (sorted), or (None, []).

    The one grading of a set of signs: triage's engine, monitoring's flags and the plan's pauses use it.
    Age-dependent signs count only when given (derive them with ``signs_at_age``); without them a set of
    signs is graded as for an adult under 50 (monitoring's daily signs).
    """
    present = set(signs)
    emergency = present & EMERGENCY_SYMPTOMS
    for pair in EMERGENCY_PAIRS:
        if pair <= present:
            emergency |= pair
    if emergency:
        return SignTier.EMERGENCY, sorted(emergency)
    urgent = present & URGENT_SIGNS
    for pair in URGENT_PAIRS:
        if pair <= present:
            urgent |= pair
    weak = present & WEAK_SIGNS
    if len(weak) >= WEAK_SIGNS_FOR_URGENT:
        urgent |= weak
    if urgent:
        return SignTier.URGENT, sorted(urgent)
    clinician = present & CLINICIAN_SIGNS
    if clinician:
        return SignTier.SEE_CLINICIAN, sorted(clinician)
    return None, []


def tier_rank(tier: str | None) -> int:
    """0 for no tier, higher for a more serious tier (to tell whether signs got worse)."""
    return {None: 0, SignTier.SEE_CLINICIAN: 1, SignTier.URGENT: 2, SignTier.EMERGENCY: 3}[
        SignTier(tier) if tier else None
    ]


# =====================================================================================================
# 2. Pain bands (0-10 numeric rating scale) of the pain-monitoring model.
# =====================================================================================================
PAIN_MIN = 0
PAIN_MAX = 10

# Pain during and after activity: up to 5/10 is acceptable (Thomeé 1997; Silbernagel 2007).
ACCEPTABLE_PAIN = 5
# Backtrack is stricter before moving a plan on: every judged session at 3/10 or less.
GREEN_PAIN = 3
# The ceiling for running: above ACCEPTABLE_PAIN a run would start in the zone the model calls too much,
# so pain now above it is not a running day (triage walks instead), and monitoring counts it as high.
RUN_CEILING = ACCEPTABLE_PAIN
HIGH_PAIN = RUN_CEILING + 1  # 6/10 and above: high pain (monitoring), no running (triage, plans)
SEVERE_PAIN = 8  # 8/10 and above: severe; a review within a day of the second such entry (monitoring)
MODERATE_PAIN = 4  # 4/10 and above: moderate; expected to ease within about six weeks (NICE CKS)
IN_PAIN = 3  # a day counts as "in pain" at or above this (the training-load rule)


# =====================================================================================================
# 3. Minimal important change (Ostelo 2008).
# =====================================================================================================
MIC_POINTS = 2  # a change of 2 points on the 0-10 scale is one a person notices
MIC_PCT = 30.0  # or 30 % of a moderate baseline (an improvement threshold; never alone at the floor)


def meaningful_rise(rise: float, baseline: float) -> bool:
    """A rise a clinician would call real: at least MIC_POINTS points. 0->1 and 1->2 never count.

    Ostelo's 30 % is an improvement threshold for moderate baselines; at the bottom of the scale 30 %
    is a fraction of a point, so a rise must also reach MIC_POINTS to count.
    """
    del baseline  # kept in the signature: callers state the baseline the rise is measured from
    return rise >= MIC_POINTS


def meaningful_fall(fall: float, baseline: float) -> bool:
    """An improvement a person notices: 2 points, or 30 % of a baseline of at least MODERATE_PAIN."""
    if fall >= MIC_POINTS:
        return True
    return baseline >= MODERATE_PAIN and fall > 0 and fall / baseline * 100 >= MIC_PCT


# =====================================================================================================
# 4. Settling by the next morning (Silbernagel 2007: pain after activity must have settled by the next
#    morning). One definition for monitoring's "not settling" flag and the plan's progression rule.
# =====================================================================================================
SETTLED = "settled"  # the next morning no worse than the morning before the session
SLOW = "slow"  # 1 point worse: not yet settled; hold, do not progress (plans); no flag (monitoring)
NOT_SETTLED = "not_settled"  # MIC_POINTS or more worse, or above the running ceiling and no better


def settling(before: int | None, after: int | None) -> str | None:
    """How the back settled after a session: ``before`` is the morning pain before it (that day's entry,
    else the day before's), ``after`` the next morning's. None while either is unknown."""
    if before is None or after is None:
        return None
    rise = after - before
    if rise >= MIC_POINTS or (after > RUN_CEILING and rise >= 0):
        return NOT_SETTLED
    if rise >= 1:
        return SLOW
    return SETTLED


def morning_before(day: dt.date, morning_pain: Mapping[dt.date, int]) -> int | None:
    """The pain logged before a session on ``day``: that day's entry, else the day before's."""
    before = morning_pain.get(day)
    if before is None:
        before = morning_pain.get(day - dt.timedelta(days=1))
    return before


def settling_after(day: dt.date, morning_pain: Mapping[dt.date, int]) -> str | None:
    """``settling`` for a session on ``day`` from the runner's daily pain by day."""
    return settling(morning_before(day, morning_pain), morning_pain.get(day + dt.timedelta(days=1)))


# =====================================================================================================
# 5. Windows (days) and counts.
# =====================================================================================================
@dataclass(frozen=True, slots=True)
class Windows:
    sign_days: int = 7  # a warning sign counts for 7 days (NICE NG59: act when it appears)
    severe_days: int = 7  # severe pain: a short window ...
    severe_entries: int = 2  # ... reaching a review at the second severe entry
    high_days: int = 14  # persistent high pain: most logged days of the last 14 ...
    high_entries: int = 3  # ... with at least this many logged days
    not_improving_days: int = 42  # moderate pain not eased over about six weeks (NICE CKS: 4-6 weeks)
    worsening_recent_days: int = 7  # worsening: the last 7 days ...
    worsening_baseline_days: int = 42  # ... against the runner's usual level over the 6 weeks before
    recent_days: int = 7  # runs and check-ins considered recent
    night_days: int = 14  # disturbed nights: ...
    night_count: int = 4  # ... 4 in 14 days (a regular two nights a week counts)
    night_count_7: int = 3  # ... or 3 in 7
    flare_days: int = 7  # plans: no flare in the last week before moving on
    clinician_check_days: int = 14  # plans: a worrying check saved this recently holds the plan


WINDOWS = Windows()


# =====================================================================================================
# 6. Triage-only facts (age).
# =====================================================================================================
ADULT_AGE = 18  # below it, pain on arching backwards points to a spinal stress fracture
OVER_AGE = 40  # the article: back pain in runners is more common over 40
OLDER_AGE = 50  # NICE NG59/CKS: a first episode after 50 is a (weak) sign of a serious cause
FRAIL_AGE = 70  # NICE CKS: minor trauma in an older adult suggests a fracture


def signs_at_age(signs: Iterable[str], age: int | None) -> frozenset[str]:
    """The signs with the age-dependent ones (AGE_SIGNS) derived from the answers and the age.

    ``age`` None means not given: each age rule then takes the cautious side (the person may be under 18,
    50 or older, 70 or older), because a wrong "adult under 50" could hide a stress fracture or a serious
    cause. The check's form always asks the age; only the API may leave it out.
    """
    present = frozenset(signs)
    derived = set()
    if Symptom.EXTENSION_PAIN in present and (age is None or age < ADULT_AGE):
        derived.add(EXTENSION_PAIN_UNDER_18)
    if Symptom.FIRST_EPISODE in present and (age is None or age >= OLDER_AGE):
        derived.add(FIRST_EPISODE_OVER_50)
    if Symptom.TRAUMA in present and (age is None or age >= FRAIL_AGE):
        derived.add(FALL_OVER_70)
    return present | derived if derived else present


# =====================================================================================================
# 7. Monitoring-only facts (the monitoring engineer's section).
# =====================================================================================================
# How a flag raised by warning signs is graded: by the tier triage gives the same signs, so the two never
# disagree (leg symptoms are "see a clinician" in both: a review flag, not an urgent one).
FLAG_SEVERITY_OF_TIER: dict[str, str] = {
    SignTier.EMERGENCY: "urgent",
    SignTier.URGENT: "urgent",
    SignTier.SEE_CLINICIAN: "review",
}
# The bottom of the scale: pain below IN_PAIN is mild, and a change there is noise, not a trend. The
# worsening rule needs the new level to reach IN_PAIN (a usual 0/10 becoming 2/10 is not a review), and the
# run-pain rise needs runs above GREEN_PAIN (the plan itself accepts sessions at GREEN_PAIN).
TREND_FLOOR = IN_PAIN
RUN_TREND_FLOOR = GREEN_PAIN + 1
# Worsening: the last WINDOWS.worsening_recent_days need this many logged days, and so does the runner's
# usual level (the median of the logged days of the WINDOWS.worsening_baseline_days before): a median of
# fewer days is one bad day, not a level.
WORSENING_MIN_ENTRIES = 3
# A slow creep (Silbernagel 2007: no worsening from week to week) is measured from where the runner was at
# the start of the baseline: the median of its first WORSENING_START_DAYS (two weeks, so one good week alone
# is never the reference).
WORSENING_START_DAYS = 14
# Not improving (NICE CKS: review when not improving after about 4-6 weeks): the level at the start of the
# WINDOWS.not_improving_days and now is the median of the logged days of the first and the last
# NOT_IMPROVING_END_DAYS, each with at least NOT_IMPROVING_END_ENTRIES (a runner who logs twice a week is seen).
NOT_IMPROVING_END_DAYS = 7
NOT_IMPROVING_END_ENTRIES = 2
# Pain during or after runs (Thomee 1997; Silbernagel 2007: up to ACCEPTABLE_PAIN): the latest RUN_PAIN_RUNS
# runs with a pain recorded in the last RUN_PAIN_DAYS, each above ACCEPTABLE_PAIN, or each a meaningful rise
# above the runner's usual run pain (the median of at least RUN_PAIN_RUNS runs in the
# WINDOWS.worsening_baseline_days before). Two runs, so one hard session alone does not open a review.
RUN_PAIN_RUNS = 2
RUN_PAIN_DAYS = 14
# Not freeing up (the article: a few days of walking free the back up; more than a week is not a few days).
STIFF_WINDOW_DAYS = 10
STIFF_MIN_ENTRIES = 4
STIFF_SPAN_DAYS = 7
# Training (a 2025 BJSM cohort of 5,205 runners: single runs more than 10 % longer than the longest of the
# last 30 days): judged only once the journal reaches back four weeks.
LOAD_HISTORY_DAYS = 28
# The 24-hour check-in (Silbernagel 2007: pain after activity settled by the next morning).
CHECKIN_HOURS = 24


# =====================================================================================================
# 8. Plan-only facts (the plans engineer's section).
# =====================================================================================================
# A stage is judged on its last SESSIONS_TO_PROGRESS sessions done as it prescribes, each on a different
# day: two sessions on one day are one day's load, not two (Silbernagel 2007 judges day to day and week to
# week). Backtrack's stages plan three sessions a week; two of them done well is the least it moves on.
SESSIONS_TO_PROGRESS = 2
# "As the stage prescribes": the session's type (PLAN_TYPES_THAT_COUNT) and most of its minutes. 80 % lets
# a runner cut a session a few minutes short and still count it; a 5-minute jog never counts for a
# 30-minute run (Backtrack's own figure: the article gives none).
PRESCRIBED_MINUTES_SHARE = 0.8
# Which journal session types count for a stage's planned type (plain journal type codes). A walk never
# counts for a run:walk or running stage, nor run:walk for continuous running; easy and long runs are both
# continuous easy running and count for each other.
PLAN_TYPES_THAT_COUNT: dict[str, frozenset[str]] = {
    "walk": frozenset({"walk"}),
    "run_walk": frozenset({"run_walk"}),
    "easy": frozenset({"easy", "long"}),
    "long": frozenset({"long", "easy"}),
    "fartlek": frozenset({"fartlek"}),
    "stairs": frozenset({"stairs"}),
}
# This many planned sessions in a row skipped because of the back: step back a stage.
SKIPPED_FOR_PAIN_IN_A_ROW = 2
# No rise in morning pain from week to week (Silbernagel 2007): the median of the last TREND_DAYS days'
# morning pain against the median of the TREND_DAYS before. Any rise holds the stage; a meaningful_rise
# steps back. The median, so one bad morning does not decide; each week needs TREND_MIN_MORNINGS logged
# mornings to be compared (too few: the trend is not judged, and the reasons say so to the physio).
TREND_DAYS = 7
TREND_MIN_MORNINGS = 3


def counts_for(planned_type: str, session_type: str) -> bool:
    """A journal session of ``session_type`` is the kind of session a stage of ``planned_type`` prescribes."""
    return session_type in PLAN_TYPES_THAT_COUNT.get(planned_type, frozenset({planned_type}))


def enough_minutes(minutes: float | None, prescribed: int) -> bool:
    """The session lasted at least PRESCRIBED_MINUTES_SHARE of the prescribed minutes."""
    return minutes is not None and minutes >= PRESCRIBED_MINUTES_SHARE * prescribed
