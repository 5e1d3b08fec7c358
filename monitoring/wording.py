"""Plain-language explanations of each flag, for the panel, the flags page, emails and physio pages. Pure.

Evidence lines use local dates in words ("Monday 9 March") and counted nouns ("3 nights"). The runner
reads "you"; a physio reads "they" ("their average").
"""

from __future__ import annotations

from core.dates import day_in_words
from triage.codes import Symptom

from .models import CloseReason, FlagKind, Severity

SYMPTOM_LABELS = dict(Symptom.choices)  # the words the runner ticked, never the codes

# The numbers come from triage.contacts (by the runner's country), shown beside these words.
# What to do now, in a few words; the full wording beside it is triage's admin-edited verdict text
# (verdict_emergency, verdict_urgent) and the numbers come from triage.contacts, as on the triage result.
EMERGENCY_ACTION = "Get emergency care now, and do not run."
URGENT_ACTION = "See a doctor today, and do not run until you have been seen."

# Which flags carry tap-to-call numbers, and which set (triage.contacts.contacts_for's verdict).
HELP_LEVEL: dict[str, str] = {FlagKind.EMERGENCY_SYMPTOMS: "emergency", FlagKind.SERIOUS_CAUSE_SIGNS: "urgent"}

# What the flag means and what to do, in a sentence or two each (to the runner).
EXPLANATION: dict[str, str] = {
    FlagKind.EMERGENCY_SYMPTOMS: (
        "You logged a sign that, with back pain, can mean pressure on the nerves at the base of the spine or "
        "another emergency. " + EMERGENCY_ACTION
    ),
    FlagKind.SERIOUS_CAUSE_SIGNS: (
        "You logged a sign that, with back pain, needs a doctor to rule out a serious cause such as an infection, "
        "a fracture or cancer. " + URGENT_ACTION
    ),
    FlagKind.LEG_SYMPTOMS: (
        "You logged pain travelling down a leg, or weakness, tingling or numbness in a leg. That can mean a "
        "nerve is irritated. Stop running and see a doctor or physiotherapist soon to have it checked."
    ),
    FlagKind.SEVERE_PAIN: (
        "You have logged severe pain, 8 out of 10 or more, on your latest days. Pain this bad should be looked "
        "at by a doctor or physiotherapist within a day or so; do not run until then. If it comes with any of "
        "the warning signs, get help now."
    ),
    FlagKind.NOT_IMPROVING: (
        "Your pain has stayed at a moderate level or higher for about six weeks without easing. Back pain that is "
        "not getting better after this long should be reviewed by a doctor or physiotherapist."
    ),
    FlagKind.RUN_PAIN: (
        "Your back has been hurting more during or after your runs, even if mornings feel fine. Pain above 5 out "
        "of 10 while running, or rising from run to run, is a sign to ease off and ask a physiotherapist."
    ),
    FlagKind.PERSISTENT_HIGH_PAIN: (
        "Your pain has been 6 out of 10 or more on most of the days you logged in the last two weeks. Pain that "
        "stays this high should be looked at by a doctor or physiotherapist; rest from running until then."
    ),
    FlagKind.NIGHT_PAIN: (
        "Back pain has been waking you or keeping you awake. Pain at night deserves a check with a doctor or "
        "physiotherapist, even if running feels fine."
    ),
    FlagKind.NOT_SETTLING_24H: (
        "Your back was sorer the morning after a run than before it. Ordinary running soreness settles by the "
        "next morning; when it does not, ask a physiotherapist to look at it before you build up again."
    ),
    FlagKind.WORSENING_WEEK_ON_WEEK: (
        "Your pain over the last week has gone up by enough to matter compared with your usual level over the "
        "weeks before. A back that is getting worse should be seen by a doctor or physiotherapist."
    ),
    FlagKind.NOT_FREEING_UP: (
        "For more than a week you have logged that you could not run in your normal stride, or that your back "
        "went into spasm. A few days of walking usually free it up; when they have not, a physiotherapist can help."
    ),
    FlagKind.LOAD_SPIKE: (
        "You ran much further than your longest run of the month before while your back was sore. Single big "
        "jumps are linked to running injuries. Go back to distances you are used to and build up gradually."
    ),
}

SEVERITY_WORDS: dict[str, str] = {
    Severity.URGENT: "Urgent",
    Severity.REVIEW: "Review",
    Severity.ADVISORY: "Advice",
}

SEVERITY_ICON: dict[str, str] = {
    Severity.URGENT: "exclamation-octagon",
    Severity.REVIEW: "exclamation-triangle",
    Severity.ADVISORY: "info-circle",
}

CLOSED_WORDS: dict[str, str] = {reason.value: reason.label for reason in CloseReason}


def days_words(isos: list[str]) -> str:
    words = [day_in_words(d) for d in isos]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def count(n: int, noun: str, plural: str | None = None) -> str:
    return f"{n} {noun if n == 1 else (plural or noun + 's')}"


def _km(metres: int) -> str:
    return f"{metres / 1000:.1f} km"


def _points(value: float) -> str:
    return f"{value:g}"


def _sign_lines(evidence: dict, you: str, your: str) -> list[str]:
    lines = []
    for day in evidence.get("days", []):
        # Quoted as ticked (the journal asks the runner, so some read "You have had cancer").
        signs = "; ".join(f"“{SYMPTOM_LABELS.get(s, 'a warning sign')}”" for s in day["symptoms"])
        lines.append(f"Ticked in the journal on {day_in_words(day['day'])}: {signs}.")
    standing = "; ".join(f"“{SYMPTOM_LABELS.get(s, 'a standing condition')}”" for s in evidence.get("standing", []))
    if standing:
        lines.append(f"Known about {you} (a standing condition): {standing}.")
    return lines


def _night_pain_lines(evidence: dict, you: str, your: str) -> list[str]:
    lines = []
    if evidence.get("night_pain_days"):
        lines.append(f"Night pain logged on {days_words(evidence['night_pain_days'])}.")
    if "nights_last_7" in evidence:
        lines.append(
            f"Pain at night on {count(evidence['nights_last_7'], 'night')} of the last 7, "
            f"{count(evidence['nights_last_14'], 'night')} of the last 14."
        )
    return lines


def _not_settling_lines(evidence: dict, you: str, your: str) -> list[str]:
    lines = [
        f"Run on {day_in_words(run['run_day'])}: pain {run['pain_before']}/10 that day, {run['pain_next_day']}/10 the next."
        for run in evidence.get("runs", [])
    ]
    if evidence.get("symptom_days"):
        lines.append(f"Pain not settling logged on {days_words(evidence['symptom_days'])}.")
    lines += [
        f"{you.capitalize()} answered that the pain after the run on {day_in_words(day)} had not settled."
        for day in evidence.get("checkins_not_settled", [])
    ]
    return lines


def _rise_line(evidence: dict) -> str:
    rise = evidence["rise_points"]
    return f"A rise of {_points(rise)} point{'' if rise == 1 else 's'}."


def _worsening_lines(evidence: dict, you: str, your: str) -> list[str]:
    if "recent_from" in evidence:  # the rolling rule: the last 7 days against the usual level before
        start = evidence.get("start_pain")
        lower_start = start is not None and start < evidence["baseline_pain"]
        return [
            f"Typical pain over the {evidence['recent_days']} days from {day_in_words(evidence['recent_from'])}: "
            f"{_points(evidence['recent_pain'])}/10, against {your} usual {_points(evidence['baseline_pain'])}/10 "
            f"over the {evidence['baseline_days']} days before"
            + (f", and {_points(start)}/10 at their start." if lower_start else "."),
            _rise_line(evidence),
        ]
    if "baseline_week_of" in evidence:  # a flag opened by the earlier, week-by-week rule
        return [
            f"Typical pain in the week of {day_in_words(evidence['recent_week_of'])}: "
            f"{_points(evidence['recent_pain'])}/10, against {_points(evidence['baseline_pain'])}/10 in "
            f"{your} better week of {day_in_words(evidence['baseline_week_of'])}.",
            _rise_line(evidence),
        ]
    return []


def _severe_pain_lines(evidence: dict, you: str, your: str) -> list[str]:
    if not evidence.get("severe_days"):
        return []
    return [
        f"Pain of {evidence.get('threshold', 8)}/10 or more on {days_words(evidence['severe_days'])} "
        f"({count(len(evidence['severe_days']), 'day')} of the {count(evidence.get('logged_days', 0), 'day')} "
        f"logged in the last {evidence.get('window_days', 7)})."
    ]


def _not_improving_lines(evidence: dict, you: str, your: str) -> list[str]:
    if "start_pain" not in evidence:
        return []
    return [
        f"Typical pain {_points(evidence['start_pain'])}/10 in the first week from "
        f"{day_in_words(evidence['first_day'])}, and {_points(evidence['now_pain'])}/10 in the last week.",
        f"Pain of {evidence.get('threshold', 4)}/10 or more on {count(evidence.get('moderate_days', 0), 'day')} "
        f"of the {count(evidence.get('logged_days', 0), 'day')} logged in the last "
        f"{evidence.get('window_days', 42)}.",
    ]


def _run_pain_lines(evidence: dict, you: str, your: str) -> list[str]:
    lines = [
        f"Run on {day_in_words(run['run_day'])}: pain {run['pain']}/10 during or after it."
        for run in evidence.get("runs", [])
    ]
    if evidence.get("usual_pain") is not None:
        lines.append(f"{your.capitalize()} usual pain on the runs before: {_points(evidence['usual_pain'])}/10.")
    return lines


def _persistent_high_pain_lines(evidence: dict, you: str, your: str) -> list[str]:
    if "high_days" not in evidence:  # no figures, no sentence ("on 0 days of the 0 logged" would contradict the flag)
        return []
    return [
        f"Pain of {evidence.get('threshold', 6)}/10 or more on {count(evidence['high_days'], 'day')} "
        f"of the {count(evidence.get('logged_days', 0), 'day')} logged in the last "
        f"{evidence.get('window_days', 14)}."
    ]


def _not_freeing_up_lines(evidence: dict, you: str, your: str) -> list[str]:
    if "first_day" not in evidence:  # as the other kinds: a flag without its figures shows none, not an error
        return []
    return [
        f"Not {your} normal stride, or spasm, on {count(evidence.get('stiff_days', 0), 'day')} of the "
        f"{count(evidence.get('logged_days', 0), 'day')} logged since {day_in_words(evidence['first_day'])}."
    ]


def _load_spike_lines(evidence: dict, you: str, your: str) -> list[str]:
    return [
        f"Run on {day_in_words(spike['day'])}: {_km(spike['distance_m'])}, {spike['increase_pct']:.0f}% longer "
        f"than {your} longest of the month before ({_km(spike['previous_longest_m'])})."
        for spike in evidence.get("run_spikes", [])
    ]


# Each kind's sentences, from its evidence and the reader's pronouns (you/your, or they/their for a physio).
_EVIDENCE_LINES = {
    FlagKind.EMERGENCY_SYMPTOMS: _sign_lines,
    FlagKind.SERIOUS_CAUSE_SIGNS: _sign_lines,
    FlagKind.LEG_SYMPTOMS: _sign_lines,
    FlagKind.NIGHT_PAIN: _night_pain_lines,
    FlagKind.NOT_SETTLING_24H: _not_settling_lines,
    FlagKind.WORSENING_WEEK_ON_WEEK: _worsening_lines,
    FlagKind.SEVERE_PAIN: _severe_pain_lines,
    FlagKind.NOT_IMPROVING: _not_improving_lines,
    FlagKind.RUN_PAIN: _run_pain_lines,
    FlagKind.PERSISTENT_HIGH_PAIN: _persistent_high_pain_lines,
    FlagKind.NOT_FREEING_UP: _not_freeing_up_lines,
    FlagKind.LOAD_SPIKE: _load_spike_lines,
}


def evidence_lines(kind: str, evidence: dict, *, audience: str = "runner") -> list[str]:
    """The current numbers behind a flag as short sentences, for the runner or (``audience="physio"``) a physio."""
    you, your = ("you", "your") if audience == "runner" else ("they", "their")
    lines_for = _EVIDENCE_LINES.get(kind)
    return lines_for(evidence, you, your) if lines_for else []
