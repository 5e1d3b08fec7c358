"""Ten weeks of journal for the demo runner: a build-up, a one-sided flare after a jump in distance,
then recovery with run:walk sessions. Idempotent: does nothing when the runner already has entries."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from accounts.models import User
from journal.models import Entry, SessionType, TrainingSession
from journal.versions import journal_version_bump

DEMO_RUNNER = "runner@demo.backtrack.local"

# (day offset from the first Monday, type, km, minutes, rpe, pain during, pain after)
_WEEK_RUNS = [(1, SessionType.EASY, 6, 36, 3), (3, SessionType.TEMPO, 7, 38, 6), (6, SessionType.LONG, 12, 72, 4)]


def _plan(first_monday: dt.date, today: dt.date):
    """Yields (entry fields, [session fields]) per day from first_monday to today."""
    day = first_monday
    while day <= today:
        week, weekday = divmod((day - first_monday).days, 7)
        sessions = []
        # Weeks 0-3: steady build-up, 10% more each week.
        if week <= 3:
            scale = 1 + 0.1 * week
            pain = 1 if weekday % 3 else 2
            side = "centre" if pain else ""
            for wd, kind, km, minutes, rpe in _WEEK_RUNS:
                if wd == weekday:
                    sessions.append((kind, km * scale, minutes * scale, rpe, 1, 1))
        # Week 4: the jump: a 21 km long run after a 16 km best, and the flare starts.
        elif week == 4:
            pain = [2, 2, 3, 2, 3, 3, 4][weekday]
            side = "centre"
            if weekday == 1:
                sessions.append((SessionType.EASY, 8, 46, 4, 2, 2))
            if weekday == 3:
                sessions.append((SessionType.INTERVALS, 9, 48, 8, 3, 4))
            if weekday == 6:
                sessions.append((SessionType.LONG, 21, 128, 7, 4, 6))
        # Weeks 5-6: right-sided pain, walking only.
        elif week in (5, 6):
            pain = [6, 6, 5, 5, 5, 4, 4][weekday] if week == 5 else [4, 4, 3, 3, 3, 3, 3][weekday]
            side = "right"
            if weekday in (1, 4):
                sessions.append((SessionType.WALK, 3, 40, 2, pain - 1, pain - 1))
        # Weeks 7-9: recovery with run:walk, then short easy runs.
        else:
            pain = max(0, 3 - (week - 7) - (1 if weekday > 3 else 0))
            side = "right" if pain >= 2 else ("centre" if pain else "")
            if weekday in (1, 3, 6):
                if week < 9:
                    km = 3 + week - 7 + (1 if weekday == 6 else 0)
                    sessions.append((SessionType.RUN_WALK, km, km * 8, 3, 2, 2))
                else:
                    sessions.append((SessionType.EASY, 5 if weekday < 6 else 7, 32 if weekday < 6 else 45, 3, 1, 1))
        entry = {
            "day": day,
            "pain": pain,
            "pain_side": side,
            "normal_stride": pain < 5,
            "spasm": pain >= 6,
            "sleep_disturbed": pain >= 5,
            "morning_stiffness_min": 5 + 5 * pain,
            "notes": "Right side tight after Sunday's long run." if week == 5 and weekday == 0 else "",
        }
        yield (
            entry,
            [
                {
                    "day": day,
                    "session_type": kind,
                    "distance_m": round(km * 1000),
                    "duration_s": round(minutes * 60),
                    "rpe": rpe,
                    "pain_during": during,
                    "pain_after": after,
                }
                for kind, km, minutes, rpe, during, after in sessions
            ],
        )
        day += dt.timedelta(days=1)


def seed(out) -> None:
    runner = User.objects.filter(email=DEMO_RUNNER).first()
    if runner is None:
        out.write("  journal: no demo runner; skipped")
        return
    if Entry.objects.filter(runner=runner).exists():
        return
    today = runner.local_today()
    first_monday = today - dt.timedelta(days=today.weekday(), weeks=9)
    entries, sessions = [], []
    for entry, day_sessions in _plan(first_monday, today):
        entries.append(Entry(runner=runner, **entry))
        sessions.extend(TrainingSession(runner=runner, **s) for s in day_sessions)
    with transaction.atomic():
        Entry.objects.bulk_create(entries)
        TrainingSession.objects.bulk_create(sessions)
        journal_version_bump(runner.pk)  # bulk_create sends no model signal
    out.write(f"  journal: {len(entries)} days and {len(sessions)} sessions for {DEMO_RUNNER}")
