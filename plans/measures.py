"""Progress measures that need no database: the length of the current back-pain episode."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

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


# Patient-Specific Functional Scale (Stratford P, Gill C, Westaway M, Binkley J. Assessing disability and
# change on individual patients: a report of a patient specific measure. Physiotherapy Canada
# 1995;47:258-263). A change of 2 points in the mean score is taken as the minimal clinically important
# difference, as issue 13 asks.
PSFS_MCID = 2.0
REVIEW_EVERY_DAYS = 14
# After a plan ends, the dashboard asks for the final rating for this many days (then it stops asking).
FINAL_REVIEW_DAYS = 28


def psfs_change(means: list[float]) -> dict[str, Any] | None:
    """First and latest mean, their difference, and whether it reaches the MCID (None before two ratings)."""
    if len(means) < 2:
        return None
    change = round(means[-1] - means[0], 1)
    return {"first": means[0], "latest": means[-1], "change": change, "matters": abs(change) >= PSFS_MCID}


def review_due(last_review: dt.date | None, today: dt.date) -> bool:
    return last_review is None or (today - last_review).days >= REVIEW_EVERY_DAYS


def sparkline_points(values: list[float], *, width: int = 120, height: int = 30, top: float = 10.0) -> str:
    """SVG polyline points for values on a 0..top scale (left to right, oldest first)."""
    if not values:
        return ""
    step = width / max(len(values) - 1, 1)
    return " ".join(f"{round(i * step, 1)},{round(height - height * v / top, 1)}" for i, v in enumerate(values))
