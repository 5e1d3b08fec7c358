"""Day one on the dashboard (issue 22 §2), from the page's markup: nothing from before the account existed,
the first-week guide until a week is logged, one confirmation after a tap, training load in a runner's words,
and today's status, the pain row and the plan card first."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from journal import presentation
from tests.factories import EntryFactory, TrainingSessionFactory
from tests.utils import NOW  # a Wednesday: `signed_in`'s clock

pytestmark = pytest.mark.django_db
TODAY = NOW.date()
DASHBOARD = reverse("journal:dashboard")


@pytest.fixture(autouse=True)
def _joined_the_week_before(runner, quiet_monitoring):
    runner.date_joined = NOW - dt.timedelta(days=9)  # joined on Monday 2 March: the week before this one
    runner.save(update_fields=["date_joined"])


def log_days(runner, days: int) -> None:
    for n in range(days):
        EntryFactory(runner=runner, day=TODAY - dt.timedelta(days=n), pain=3)


def test_the_weeks_and_the_chart_start_when_the_account_was_opened(signed_in, runner):
    log_days(runner, 8)
    trends = presentation.dashboard_context(runner=runner, weeks=12)
    assert [w["monday"] for w in trends["weekly"]] == [dt.date(2026, 3, 2), dt.date(2026, 3, 9)]
    assert [w["monday"] for w in trends["heatmap"]] == [dt.date(2026, 3, 2), dt.date(2026, 3, 9)]
    assert trends["chart"]["days"][0] == "2026-03-02"
    assert trends["chart"]["weeks"] == ["2026-03-02", "2026-03-09"]
    page = signed_in.get(DASHBOARD).content.decode()
    history = signed_in.get(reverse("journal:history")).content.decode()
    assert history.count('data-label="Sessions"') == 2  # two weeks in the table, not twelve
    assert "Pain and running since 2 March" in page


def test_days_logged_before_the_account_existed_are_shown_from_their_week(signed_in, runner):
    log_days(runner, 8)
    TrainingSessionFactory(runner=runner, day=dt.date(2026, 2, 18))  # imported from an older log
    trends = presentation.dashboard_context(runner=runner, weeks=12)
    assert trends["weekly"][0]["monday"] == dt.date(2026, 2, 16)
    assert trends["chart"]["days"][0] == "2026-02-18"
    # The period still bounds it: 8 weeks back from this week starts on 19 January, 12 weeks on 22 December.
    TrainingSessionFactory(runner=runner, day=dt.date(2026, 1, 5))
    assert presentation.dashboard_context(runner=runner, weeks=8)["weekly"][0]["monday"] == dt.date(2026, 2, 16)
    assert presentation.dashboard_context(runner=runner, weeks=12)["weekly"][0]["monday"] == dt.date(2026, 1, 5)


def test_calendar_days_before_the_first_day_are_blank_not_dashes(signed_in, runner):
    runner.date_joined = NOW - dt.timedelta(days=1)  # Tuesday 10 March
    runner.save(update_fields=["date_joined"])
    log_days(runner, 2)
    page = signed_in.get(reverse("journal:history"), headers={"X-Fragment": "1"}).content.decode()
    calendar = page[page.index('id="pain-calendar"') :]
    assert "Mon 9 Mar: before the journal began" in calendar
    assert "Tue 10 Mar: </span>3" in calendar


def test_the_first_week_guide_stays_until_a_week_is_logged(signed_in, runner):
    log_days(runner, 1)
    page = signed_in.get(DASHBOARD).content.decode()
    assert "Your first week with Backtrack" in page
    assert "Logged so far: 1 day." in page
    assert 'id="trends-chart"' not in page
    log_days_from = [TODAY - dt.timedelta(days=n) for n in range(1, 7)]
    for day in log_days_from:
        EntryFactory(runner=runner, day=day, pain=2)
    page = signed_in.get(DASHBOARD).content.decode()
    assert "Your first week with Backtrack" not in page
    assert 'id="trends-chart"' in page


def test_a_runner_of_long_standing_with_few_days_in_the_period_sees_the_chart(signed_in, runner):
    runner.date_joined = NOW - dt.timedelta(days=400)
    runner.save(update_fields=["date_joined"])
    log_days(runner, 2)
    page = signed_in.get(DASHBOARD).content.decode()
    assert 'id="trends-chart"' in page
    assert "Your first week" not in page


def test_status_then_the_pain_row_then_the_plan_card_come_first(signed_in, runner):
    log_days(runner, 7)
    TrainingSessionFactory(runner=runner, day=TODAY, distance_m=5200)
    page = signed_in.get(DASHBOARD).content.decode()
    status = page.index('id="how-it-goes"')
    assert status < page.index('id="quick-pain-form"') < page.index('id="plan-heading"') < page.index("trends-chart")
    line = page[status : page.index("</p>", status)]
    assert "back pain 3.0 out of 10 on average (last week 3.0)" in line
    assert "1 session, 5.2 km of running." in line


def test_the_runners_dashboard_speaks_of_training_in_a_runners_words(signed_in, runner):
    log_days(runner, 7)
    TrainingSessionFactory(runner=runner, day=TODAY - dt.timedelta(days=3), distance_m=3000)
    TrainingSessionFactory(runner=runner, day=TODAY - dt.timedelta(days=2), distance_m=6000)
    page = signed_in.get(DASHBOARD).content.decode() + signed_in.get(reverse("journal:history")).content.decode()
    assert "Acute:chronic" not in page
    assert "How much you trained" in page
    assert "longer than your longest run of the 30 days before" in page


def test_the_save_button_says_change_once_todays_pain_is_logged(signed_in, runner):
    page = signed_in.get(DASHBOARD).content.decode()
    assert ">Save today's pain</button>" in page
    EntryFactory(runner=runner, day=TODAY, pain=4)
    page = signed_in.get(DASHBOARD).content.decode()
    assert "Save today's pain" not in page
    assert 'data-saved="4"' in page  # one-tap-pain.js shows "Change today's pain" only for another number
    assert "Logged today: pain 4 out of 10." in page
