"""Journal weeks the plan tests share."""

from __future__ import annotations

import datetime as dt

from tests.factories import EntryFactory, TrainingSessionFactory

MON = dt.date(2026, 3, 2)  # the ``monday`` fixture's day


def log_a_good_week(runner, *, session_type: str, run_pains=(2, 1), day_pain: int = 2, today: dt.date = MON) -> None:
    """Last Tuesday's and Thursday's sessions with ``run_pains``, and ``day_pain`` every day of the week up to
    ``today``: what the progression rule needs to offer the next stage."""
    for offset, pain in zip((-6, -4), run_pains, strict=True):
        TrainingSessionFactory(
            runner=runner, day=today + dt.timedelta(days=offset), session_type=session_type, pain_during=pain
        )
    for offset in range(-7, 1):
        EntryFactory(runner=runner, day=today + dt.timedelta(days=offset), pain=day_pain)
