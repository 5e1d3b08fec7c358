"""Episode length: days since the first painful day of the current episode (no database)."""

from __future__ import annotations

import datetime as dt

import pytest

from plans.measures import episode_days, episode_start

TODAY = dt.date(2026, 3, 20)


def days(*pains, last=TODAY):
    """Pains for consecutive days ending on ``last`` (None: nothing logged that day)."""
    first = last - dt.timedelta(days=len(pains) - 1)
    return {first + dt.timedelta(days=n): p for n, p in enumerate(pains) if p is not None}


@pytest.mark.parametrize(
    ("pains", "start"),
    [
        ((), None),
        ((0, 0, 0), None),
        ((3,), TODAY),
        ((2, 3, 1), TODAY - dt.timedelta(days=2)),
        ((4, 0, 0, 0, 0, 0, 0, 2), TODAY - dt.timedelta(days=7)),  # 6 pain-free days do not end it
        ((4, 0, 0, 0, 0, 0, 0, 0, 2), TODAY),  # 7 do: a new episode began today
        ((4, None, None, None, None, None, None, None, None, 2), TODAY - dt.timedelta(days=9)),  # gaps do not end it
        ((5, 3, 0, 0, 0, 0, 0, 0, 0), None),  # pain-free for a week up to today
        ((5, 3, 0, 0, 0, 0, 0, 0), TODAY - dt.timedelta(days=7)),
    ],
)
def test_the_episode_starts_at_the_first_painful_day_after_a_pain_free_week(pains, start):
    assert episode_start(days(*pains), today=TODAY) == start


def test_days_after_today_are_ignored():
    assert episode_start({TODAY + dt.timedelta(days=1): 5}, today=TODAY) is None


def test_the_first_painful_day_is_day_one():
    assert episode_days(TODAY, TODAY) == 1
    assert episode_days(TODAY - dt.timedelta(days=13), TODAY) == 14
    assert episode_days(None, TODAY) is None
