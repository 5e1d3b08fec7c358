"""Plain-language explanations of each flag, for the dashboard and the emails. Pure: no database."""

from __future__ import annotations

from .models import FlagKind, Severity

# What the flag means and what to do, in a sentence or two each.
EXPLANATION: dict[str, str] = {
    FlagKind.EMERGENCY_SYMPTOMS: (
        "You logged numbness around the saddle area, a new change in bladder or bowel control, or symptoms in "
        "both legs. Together with back pain these can mean a trapped nerve bundle at the base of the spine. "
        "Get emergency care today (A&E, or call 999 or 111) and do not run."
    ),
    FlagKind.LEG_SYMPTOMS: (
        "You logged pain travelling down a leg, or weakness, tingling or numbness in a leg. That can mean a "
        "nerve is irritated. Stop running and see a doctor or physiotherapist soon to have it checked."
    ),
    FlagKind.NIGHT_PAIN: (
        "Back pain has been waking you or keeping you awake. Pain at night deserves a check with a doctor or "
        "physiotherapist, even if running feels fine."
    ),
    FlagKind.NOT_SETTLING_24H: (
        "Your back was still sore a day after running, no better than before the run. Ordinary running "
        "soreness eases within a day; when it does not, ask a physiotherapist to look at it before you build up again."
    ),
    FlagKind.WORSENING_WEEK_ON_WEEK: (
        "Your average pain has gone up every week for the last few weeks, by enough to matter. A back that "
        "keeps getting worse should be seen by a doctor or physiotherapist."
    ),
    FlagKind.LOAD_SPIKE: (
        "You stepped up your running while your back was sore: a run much longer than your recent longest, or "
        "a week well above your usual load. Sudden jumps overload tired back muscles. Ease back to your usual "
        "amount and build up more gradually."
    ),
}

SEVERITY_WORDS: dict[str, str] = {
    Severity.URGENT: "Urgent",
    Severity.REVIEW: "Worth a review",
    Severity.ADVISORY: "Advice",
}

SEVERITY_ICON: dict[str, str] = {
    Severity.URGENT: "exclamation-octagon",
    Severity.REVIEW: "exclamation-triangle",
    Severity.ADVISORY: "info-circle",
}


def _km(metres: int) -> str:
    return f"{metres / 1000:.1f} km"


def evidence_lines(kind: str, evidence: dict) -> list[str]:
    """The numbers behind a flag as short sentences (dates are ISO, as stored)."""
    lines: list[str] = []
    if kind in (FlagKind.EMERGENCY_SYMPTOMS, FlagKind.LEG_SYMPTOMS):
        for day in evidence.get("days", []):
            lines.append(f"{day['day']}: logged {', '.join(s.replace('_', ' ') for s in day['symptoms'])}.")
    elif kind == FlagKind.NIGHT_PAIN:
        if evidence.get("night_pain_days"):
            lines.append(f"Night pain logged on {', '.join(evidence['night_pain_days'])}.")
        if evidence.get("sleep_disturbed_days"):
            lines.append(f"Sleep disturbed by pain on {len(evidence['sleep_disturbed_days'])} night(s).")
    elif kind == FlagKind.NOT_SETTLING_24H:
        for run in evidence.get("runs", []):
            lines.append(
                f"Run on {run['run_day']}: pain {run['pain_before']}/10 before, {run['pain_next_day']}/10 the next day."
            )
        if evidence.get("symptom_days"):
            lines.append(f"Pain not settling logged on {', '.join(evidence['symptom_days'])}.")
        for day in evidence.get("checkins_not_settled", []):
            lines.append(f"You answered that the pain after the run on {day} had not settled.")
    elif kind == FlagKind.WORSENING_WEEK_ON_WEEK:
        weeks = ", ".join(f"{w['mean_pain']:.1f}" for w in evidence.get("weeks", []))
        lines.append(f"Average pain per week (oldest first): {weeks} out of 10.")
        lines.append(f"A rise of {evidence.get('rise_points', 0):.1f} points.")
    elif kind == FlagKind.LOAD_SPIKE:
        for spike in evidence.get("run_spikes", []):
            lines.append(
                f"Run on {spike['day']}: {_km(spike['distance_m'])}, {spike['increase_pct']:.0f}% longer than "
                f"your longest of the month before ({_km(spike['previous_longest_m'])})."
            )
        if evidence.get("load"):
            load = evidence["load"]
            lines.append(
                f"This week's load is {load['ratio']:.1f} times your average of the four weeks before, "
                "with pain logged this week."
            )
    return lines
