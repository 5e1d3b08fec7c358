"""The plan card's week strip in the week a plan starts: the days before the start are not part of the plan,
so they never look like open (missed) sessions (issue 22 §3)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from plans.selectors import plan_card
from plans.services import plan_start
from tests.factories import TrainingSessionFactory

pytestmark = pytest.mark.django_db

SUNDAY = dt.datetime(2026, 3, 8, 9, 0, tzinfo=dt.UTC)  # London is on UTC until 29 March


def week_strip(html: str) -> list[str]:
    """The seven days of the card's strip, as the words a screen reader hears for each."""
    strip = html.split('aria-label="This week\'s sessions"', 1)[1].split("</ol>", 1)[0]
    return [" ".join(re.findall(r'visually-hidden">([^<]+)<', item)) for item in strip.split("<li")[1:]]


def test_a_plan_started_on_a_sunday_shows_monday_to_saturday_as_before_the_plan(client, runner):
    with time_machine.travel(SUNDAY, tick=False):
        TrainingSessionFactory(runner=runner, day=dt.date(2026, 3, 5), session_type="easy_run")  # Thursday
        plan_start(runner=runner, actor=runner, stage=2)
        card = plan_card(runner)
        assert [d.before_plan for d in card["week"]] == [True] * 6 + [False]
        assert all(d.spec is None and not d.done and not d.skipped for d in card["week"][:6])

        client.force_login(runner)
        html = client.get(reverse("journal:dashboard")).content.decode()
    strip = week_strip(html)
    assert strip[:6] == ["before your plan started"] * 6, "Tue, Thu and Sat must not look like missed sessions"
    assert strip[6] in {"rest", "session"}
    assert "bi-circle" not in html.split("This week's sessions", 1)[1].split("</ol>", 1)[0]


def test_a_plan_started_midweek_keeps_the_sessions_from_its_first_day(runner):
    wednesday = dt.datetime(2026, 3, 4, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(wednesday, tick=False):
        plan_start(runner=runner, actor=runner, stage=2)
        week = plan_card(runner)["week"]
    assert [d.before_plan for d in week] == [True, True, False, False, False, False, False]
    assert week[1].spec is None, "Tuesday came before the plan"
    assert week[3].spec is not None, "Thursday is a run:walk day of stage 2"
