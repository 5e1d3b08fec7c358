"""A day in words, written once for every page, message and mail: "Monday 7 December", or "Mon 7 Dec"
where space is short. Pure: no Django, no locale (the site is in English whatever the server's locale)."""

from __future__ import annotations

import datetime as dt

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def day_in_words(day: dt.date | str, today: dt.date | None = None, *, short: bool = False, year: bool = False) -> str:
    """``day`` (a date, or an ISO date as JSON keeps one) as "Monday 7 December", or "Mon 7 Dec" when ``short``.

    The year follows ("Monday 7 December 2026") when ``year`` is set, or when ``today`` is given and
    ``day`` falls in another year."""
    if isinstance(day, str):
        day = dt.date.fromisoformat(day[:10])
    weekday, month = _WEEKDAYS[day.weekday()], _MONTHS[day.month - 1]
    words = f"{weekday[:3]} {day.day} {month[:3]}" if short else f"{weekday} {day.day} {month}"
    if year or (today is not None and day.year != today.year):
        words += f" {day.year}"
    return words
