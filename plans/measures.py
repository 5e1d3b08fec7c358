"""Progress measures that need no database: the length of the current back-pain episode."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

# An episode ends after this many logged days in a row without pain (0/10). Days with no entry neither
# end nor extend an episode.
PAIN_FREE_DAYS_TO_END = 7


def episode_start(
    pain_by_day: Mapping[dt.date, int], *, today: dt.date, pain_free_days: int = PAIN_FREE_DAYS_TO_END
) -> dt.date | None:
    """The first painful day of the current episode, or None when there is none (no pain logged since
    the last run of ``pain_free_days`` pain-free days, or nothing logged)."""
    start = None
    free_in_a_row = 0
    for day in sorted((d for d in pain_by_day if d <= today), reverse=True):
        if pain_by_day[day] > 0:
            if free_in_a_row >= pain_free_days:
                break
            start = day
            free_in_a_row = 0
        else:
            free_in_a_row += 1
            if free_in_a_row >= pain_free_days and start is None:
                return None
    return start


def episode_days(start: dt.date | None, today: dt.date) -> int | None:
    """Days since the first painful day of the episode, counting that day as day 1."""
    return None if start is None else (today - start).days + 1
