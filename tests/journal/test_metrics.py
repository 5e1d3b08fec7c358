"""Weekly and load arithmetic at week and time-zone boundaries."""

from __future__ import annotations

import datetime as dt

import pytest

from journal import metrics
from journal.metrics import PainPoint, SessionPoint
from journal.presentation import dashboard_context
from tests.factories import EntryFactory, TrainingSessionFactory


def run(day, km=5, minutes=30, rpe=4, is_run=True):
    return SessionPoint(day=day, distance_m=km * 1000, duration_s=minutes * 60, rpe=rpe, is_run=is_run)


def test_a_sunday_belongs_to_the_week_that_started_the_monday_before():
    assert metrics.week_start(dt.date(2026, 3, 8)) == dt.date(2026, 3, 2)  # Sunday
    assert metrics.week_start(dt.date(2026, 3, 9)) == dt.date(2026, 3, 9)  # Monday


def test_weekly_summaries_split_sunday_and_monday_into_different_weeks():
    mondays = [dt.date(2026, 3, 2), dt.date(2026, 3, 9)]
    rows = metrics.weekly_summaries(
        [PainPoint(dt.date(2026, 3, 8), 2), PainPoint(dt.date(2026, 3, 9), 6), PainPoint(dt.date(2026, 3, 10), 4)],
        [run(dt.date(2026, 3, 8), km=10), run(dt.date(2026, 3, 9), km=6), run(dt.date(2026, 3, 9), km=3, is_run=False)],
        mondays,
    )
    first, second = rows
    assert (first.sessions, first.run_distance_m, first.mean_pain, first.max_pain) == (1, 10_000, 2.0, 2)
    # the walk counts as a session and as time, not as running distance
    assert (second.sessions, second.run_distance_m, second.mean_pain, second.max_pain) == (2, 6_000, 5.0, 6)
    assert second.distance_change_m == -4_000


def test_load_is_rpe_times_minutes_over_the_last_complete_week_against_the_four_before():
    today = dt.date(2026, 3, 11)  # a Wednesday: this week (from 9 March) is not complete and is left out
    sessions = [run(dt.date(2026, 3, 10), minutes=500, rpe=10)]  # this week: not counted
    sessions += [run(dt.date(2026, 3, 3), minutes=60, rpe=7)]  # last complete week: 420
    sessions += [run(dt.date(2026, 3, 2) - dt.timedelta(weeks=n), minutes=50, rpe=6) for n in (1, 2, 3, 4)]  # 300 each
    sessions += [run(dt.date(2026, 3, 2) - dt.timedelta(weeks=5), minutes=500, rpe=10)]  # too old to count
    comparison = metrics.acute_chronic(sessions, today)
    assert comparison.last_week == 420
    assert comparison.week_of == dt.date(2026, 3, 2)
    assert comparison.previous_four_weekly_mean == 300
    assert comparison.ratio == pytest.approx(1.4)
    text = metrics.describe_load(comparison)
    assert "about 1.4× your average of the previous four weeks" in text
    assert "does not predict injury" in text
    assert "about 1.4× their average" in metrics.describe_load(comparison, person="they")
    assert "10%" not in text


def test_load_description_says_there_is_nothing_to_compare_without_earlier_weeks():
    comparison = metrics.acute_chronic([run(dt.date(2026, 3, 3))], dt.date(2026, 3, 11))
    assert comparison.ratio is None
    assert "nothing yet to compare" in metrics.describe_load(comparison)


def test_a_run_over_ten_percent_longer_than_the_30_day_longest_is_flagged():
    spikes = metrics.run_spikes(
        [run(dt.date(2026, 3, 1), km=10), run(dt.date(2026, 3, 8), km=11), run(dt.date(2026, 3, 15), km=13)]
    )
    assert [(s.day, s.previous_longest_m) for s in spikes] == [(dt.date(2026, 3, 15), 11_000)]


def test_a_long_run_older_than_30_days_no_longer_counts_as_the_longest():
    spikes = metrics.run_spikes(
        [run(dt.date(2026, 1, 1), km=30), run(dt.date(2026, 2, 20), km=5), run(dt.date(2026, 2, 25), km=8)]
    )
    assert [s.day for s in spikes] == [dt.date(2026, 2, 25)]


@pytest.mark.django_db
def test_the_dashboard_week_turns_over_at_the_runners_own_midnight(runner, time_machine):
    runner.time_zone = "Pacific/Auckland"  # UTC+13 in March
    runner.save()
    # Sunday 8 March 11:30 UTC is already Monday 9 March 00:30 in Auckland.
    time_machine.move_to(dt.datetime(2026, 3, 8, 11, 30, tzinfo=dt.UTC), tick=False)
    EntryFactory(runner=runner, day=dt.date(2026, 3, 9), pain=7)
    EntryFactory(runner=runner, day=dt.date(2026, 3, 8), pain=1)
    TrainingSessionFactory(runner=runner, day=dt.date(2026, 3, 9), distance_m=9000, duration_s=3600, rpe=5)
    trends = dashboard_context(runner=runner, weeks=8)
    assert trends["today"] == dt.date(2026, 3, 9)
    current = trends["weekly"][-1]
    assert current["monday"] == dt.date(2026, 3, 9)
    assert current["is_current"]
    assert (current["max_pain"], current["distance"], current["load"]) == (7, 9.0, 300)
    assert trends["weekly"][-2]["max_pain"] == 1
    assert trends["today_pain"] == 7
    assert trends["chart"]["days"][-1] == "2026-03-09"


@pytest.mark.django_db
def test_in_london_the_same_moment_is_still_sunday(runner, time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 8, 11, 30, tzinfo=dt.UTC), tick=False)
    EntryFactory(runner=runner, day=dt.date(2026, 3, 8), pain=4)
    trends = dashboard_context(runner=runner, weeks=8)
    assert trends["today"] == dt.date(2026, 3, 8)
    assert trends["weekly"][-1]["monday"] == dt.date(2026, 3, 2)
    assert trends["heatmap"][-1]["cells"][6]["pain"] == 4


@pytest.mark.django_db
def test_distances_are_shown_in_miles_for_runners_who_chose_miles(runner, time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 11, 12, tzinfo=dt.UTC), tick=False)
    runner.units = "mi"
    runner.save()
    TrainingSessionFactory(runner=runner, day=dt.date(2026, 3, 10), distance_m=16093, duration_s=3600)
    trends = dashboard_context(runner=runner, weeks=8)
    assert trends["unit"] == "mi"
    assert trends["weekly"][-1]["distance"] == 10.0
    assert trends["recent_sessions"][0].pace == "6:00 /mi"


def test_session_load_is_effort_times_minutes():
    from journal.metrics import SessionPoint, session_load

    assert session_load(6, 50 * 60) == 300
    point = SessionPoint(day=dt.date(2026, 3, 9), distance_m=0, duration_s=90, rpe=4, is_run=False)
    assert point.load == 6


@pytest.mark.parametrize(
    ("metres", "unit", "shown"),
    [
        (12_000, "km", "12.0 km"),
        (16_093, "mi", "10.0 mi"),
        (0, "mi", "0.0 mi"),
        (None, "km", "0.0 km"),
        (1_550, "km", "1.6 km"),
    ],
)
def test_the_distance_filter_shows_one_decimal_in_the_unit_given(metres, unit, shown):
    from journal.templatetags.journal_tags import distance

    assert distance(metres, unit) == shown


def test_the_distance_filter_takes_the_unit_of_a_user(runner):
    from journal.templatetags.journal_tags import distance

    runner.units = "mi"
    assert distance(16_093, runner) == "10.0 mi"


def test_the_weekly_tables_change_column_has_one_decimal_like_its_distance_column():
    from journal.templatetags.journal_tags import signed

    assert [signed(v) for v in (-3.0, -24.3, 0.0, 2.0, 0.04, None)] == ["-3.0", "-24.3", "0.0", "+2.0", "0.0", ""]
