"""A day in words has one home, core.dates.day_in_words, and one template filter that calls it."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import timezone

from core.dates import day_in_words

ROOT = Path(__file__).resolve().parents[2]


def test_a_day_reads_as_weekday_day_and_month():
    assert day_in_words(dt.date(2026, 12, 7)) == "Monday 7 December"
    assert day_in_words("2026-03-01") == "Sunday 1 March"
    assert day_in_words("2026-03-01T09:30:00+00:00") == "Sunday 1 March"
    assert day_in_words(dt.date(2026, 12, 7), short=True) == "Mon 7 Dec"


def test_the_year_is_added_when_asked_or_when_it_is_not_todays_year():
    monday = dt.date(2026, 12, 7)
    assert day_in_words(monday, year=True) == "Monday 7 December 2026"
    assert day_in_words(monday, dt.date(2026, 12, 9)) == "Monday 7 December"
    assert day_in_words(monday, dt.date(2027, 1, 2)) == "Monday 7 December 2026"


@pytest.mark.parametrize(
    ("value", "style", "words"),
    [
        (dt.date(2026, 12, 7), "", "Monday 7 December"),
        (dt.date(2026, 12, 7), "short", "Mon 7 Dec"),
        (dt.date(2026, 12, 7), "year", "Monday 7 December 2026"),
        ("2026-12-07", "short", "Mon 7 Dec"),
        (None, "", ""),
        ("not a day", "", "not a day"),
    ],
)
def test_the_template_filter_says_the_same(value, style, words):
    source = "{% load days %}{{ value|day_in_words" + (f':"{style}"' if style else "") + " }}"
    assert Template(source).render(Context({"value": value})) == words


def test_a_moment_is_shown_as_its_day_in_the_current_time_zone():
    late = dt.datetime(2026, 12, 7, 23, 30, tzinfo=dt.UTC)  # already Tuesday in Sydney
    with timezone.override(zoneinfo.ZoneInfo("Australia/Sydney")):
        assert Template("{% load days %}{{ t|day_in_words }}").render(Context({"t": late})) == "Tuesday 8 December"


# A weekday with its day and month, written by hand: strftime's %A/%a or Django's "l j F".
HAND_WRITTEN = re.compile(r"%A|%a\b|\bl j [FM]\b")


def test_no_module_or_template_writes_a_day_in_words_itself():
    sources = [
        path
        for folder in ("accounts", "core", "triage", "journal", "monitoring", "plans", "clinic", "config", "templates")
        for path in (ROOT / folder).rglob("*")
        if path.suffix in {".py", ".html", ".txt"} and "migrations" not in path.parts
    ]
    offenders = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in sources
        if path != ROOT / "core" / "dates.py"
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if HAND_WRITTEN.search(line)
    ]
    assert offenders == []
