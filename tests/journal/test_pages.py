"""The dashboard and journal pages: they render, keep to a constant number of queries, and stay private."""

from __future__ import annotations

import datetime as dt
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from journal.models import Entry, TrainingSession
from journal.presentation import dashboard_context
from journal.selectors import entry_page
from journal.versions import journal_version_bump
from tests.factories import EntryFactory, TrainingSessionFactory
from tests.query_counts import QUERY_COUNTS

pytestmark = pytest.mark.django_db


def _seed(runner, days: int) -> None:
    """``days`` days of entries and runs, written in bulk (as an import writes them), then announced."""
    today = runner.local_today()
    days_back = [today - dt.timedelta(days=n) for n in range(days)]
    Entry.objects.bulk_create(
        EntryFactory.build(runner=runner, day=day, pain=n % 11) for n, day in enumerate(days_back)
    )
    TrainingSession.objects.bulk_create(
        TrainingSessionFactory.build(runner=runner, day=day, distance_m=5000 + n) for n, day in enumerate(days_back)
    )
    journal_version_bump(runner.pk)


@pytest.mark.parametrize("rows", [1, 1000])
def test_dashboard_context_runs_two_queries_whatever_the_data_size(runner, rows, django_assert_num_queries):
    _seed(runner, rows)
    # 1 the period's entries, 2 the period's sessions (with 30 days before); flags come from monitoring's panel
    with django_assert_num_queries(QUERY_COUNTS["dashboard context"]):
        trends = dashboard_context(runner=runner, weeks=52)
    assert trends["has_data"]


@pytest.mark.parametrize("rows", [1, 1000])
def test_entry_page_runs_four_queries_whatever_the_data_size(runner, rows, django_assert_num_queries):
    _seed(runner, rows)
    # 1 count of logged days, 2 this page's days, 3 their entries, 4 their sessions
    with django_assert_num_queries(QUERY_COUNTS["journal page"]):
        page = entry_page(runner=runner, page=1)
        rows_shown = list(page.object_list)
    assert len(rows_shown) == min(rows, 20)
    assert rows_shown[0].entry is not None
    assert len(rows_shown[0].sessions) == 1


def test_the_journal_page_reads_only_the_days_it_shows(runner):
    # The page shows its first FIRST_SCREEN_DAYS days; the older-days fragment reads the rest of the 20.
    from journal.selectors import FIRST_SCREEN_DAYS

    _seed(runner, 30)
    with CaptureQueriesContext(connection) as ctx:
        first = entry_page(runner=runner, page=1, shown=slice(FIRST_SCREEN_DAYS))
    older = entry_page(runner=runner, page=1, shown=slice(FIRST_SCREEN_DAYS, None))
    assert (first.day_count, older.day_count) == (20, 20)
    assert [r.day for r in first.object_list + older.object_list] == [
        r.day for r in entry_page(runner=runner, page=1).object_list
    ]
    assert len(first.object_list) == FIRST_SCREEN_DAYS
    assert all(r.entry is not None and len(r.sessions) == 1 for r in first.object_list + older.object_list)
    entries_sql = next(q["sql"] for q in ctx.captured_queries if q["sql"].startswith('SELECT "journal_entry"."id"'))
    assert entries_sql.count("'20") == FIRST_SCREEN_DAYS  # the IN list holds the shown days only


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url_name", ["journal:dashboard", "journal:entries"])
def test_pages_run_the_same_number_of_queries_with_one_row_and_with_a_thousand(client, runner, other_runner, url_name):
    _seed(runner, 1)
    _seed(other_runner, 1000)
    client.force_login(runner)
    small = _count(client, reverse(url_name))
    client.force_login(other_runner)
    big = _count(client, reverse(url_name))
    assert small == big


def test_dashboard_page_shows_the_weekly_table_heat_map_and_load(client, runner, time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 11, 12, 0, tzinfo=dt.UTC), tick=False)  # a Wednesday
    # The same run every day of the five weeks before this one: last week's load is its four weeks' average.
    monday = dt.date(2026, 3, 9)
    for n in range(1, 36):
        TrainingSessionFactory(
            runner=runner, day=monday - dt.timedelta(days=n), distance_m=5000, duration_s=1800, rpe=4
        )
    EntryFactory(runner=runner, day=monday, pain=2)
    client.force_login(runner)
    response = client.get(reverse("journal:dashboard") + "?weeks=8")
    assert 'id="trends-data"' in response.content.decode()
    html = client.get(reverse("journal:history") + "?weeks=8", headers={"X-Fragment": "1"}).content.decode()
    assert 'id="weekly-table"' in html
    assert 'id="pain-calendar"' in html
    assert "was about 1.0× your average of the previous four weeks: about the same as the weeks before" in html
    assert response.context["trends"]["weeks"] == 8


def test_the_dashboard_says_when_there_is_nothing_yet_to_compare(client, runner, time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 11, 12, 0, tzinfo=dt.UTC), tick=False)
    TrainingSessionFactory(runner=runner, day=dt.date(2026, 3, 4))  # last week only
    client.force_login(runner)
    html = unescape(client.get(reverse("journal:history")).content.decode())
    assert "so there is nothing yet to compare last week's training with" in html
    assert "your average of the previous four weeks" not in html


def test_an_unknown_period_falls_back_to_twelve_weeks(client, runner):
    client.force_login(runner)
    response = client.get(reverse("journal:dashboard") + "?weeks=banana")
    assert response.status_code == 200
    assert response.context["trends"]["weeks"] == 12


def test_a_physio_gets_404_on_the_runner_dashboard(client, physio):
    client.force_login(physio)
    assert client.get(reverse("journal:dashboard")).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(reverse("journal:entries"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def _dashboard_world(runner, physio, rows: int) -> None:
    """A runner with ``rows`` days of entries and sessions, ``rows`` open flags (one urgent), a plan under way
    and a linked physio who wrote to them: every panel of the dashboard has something to show."""
    from accounts.models import CareLink
    from clinic.models import Message
    from plans.services import plan_start
    from tests.factories import CareLinkFactory, FlagFactory

    _seed(runner, rows)
    kinds = ["night_pain", "worsening_week_on_week", "pain_after_runs", "high_pain_days", "leg_symptoms"]
    FlagFactory(runner=runner)  # urgent: the panel asks whether a physio is linked
    for kind in kinds[: min(rows, len(kinds)) - 1]:
        FlagFactory(runner=runner, kind=kind, severity="review")
    if not CareLink.objects.filter(runner=runner, physio=physio).exists():
        CareLinkFactory(runner=runner, physio=physio)
    for n in range(rows):
        Message.objects.create(runner=runner, physio=physio, sender=physio, body=f"message {n}")
    plan_start(runner=runner, actor=runner)


@pytest.mark.parametrize("rows", [1, 60])
def test_the_whole_dashboard_page_runs_a_constant_number_of_queries(
    client, runner, physio, rows, django_assert_num_queries
):
    # 1 session, 2 user; the journal: 3 the period's entries (today's verdict rides on them), 4 its sessions;
    # the panels' context functions (journal/panels.py), each fetching once for the whole page:
    # monitoring 5 open flags (shared by the status, the safety panel and the plan card);
    # plans 6 plan, 7 stages, 8 sessions, 9 skips, 10 entries, 11 saved checks, 12 prescriptions, 13 ticks,
    # 14 reviews; monitoring again 15 is a physio linked (an urgent flag is open), 16 check-ins (its trend
    # reads the journal's entries, no query); the clinic's panels 17 links, 18 their messages (the
    # unanswered-message notice reads the same messages). The history below is a fragment of its own (journal:history).
    _dashboard_world(runner, physio, rows)
    client.force_login(runner)
    client.get(reverse("journal:dashboard"))  # warm-up: the per-process caches (stages, menu links)
    with django_assert_num_queries(QUERY_COUNTS["dashboard page"]):
        response = client.get(reverse("journal:dashboard"))
    html = response.content.decode()
    assert 'id="open-flags"' in html
    assert 'id="plan-heading"' in html
    assert html.count('data-testid="flag"') == min(rows, 5)
    assert 'id="physio-message-notice"' in html
    assert f"message {rows - 1}" in html


def test_a_panels_context_function_is_called_once_and_its_data_reaches_its_template(client, runner, monkeypatch):
    from journal import panels

    calls = []

    def context(state):
        calls.append(state.runner)
        return {"words": f"for {state.runner.name} on {state.trends['today']:%-d %B}"}

    monkeypatch.setattr(panels, "_panels", [*panels._panels])  # registered for this test only
    panels.register_panel(panels.Panel(slot="side", template="panel_under_test.html", order=99, context=context))
    from django.template import engines  # the panel's template, from a string

    engine = engines["django"].engine
    monkeypatch.setattr(
        engine,
        "find_template",
        lambda name, dirs=None, skip=None, _real=engine.find_template: (
            (engine.from_string('<p id="test-panel">{{ panel.words }}</p>'), name)
            if name == "panel_under_test.html"
            else _real(name, dirs, skip)
        ),
    )
    client.force_login(runner)
    html = client.get(reverse("journal:dashboard")).content.decode()
    assert calls == [runner]
    assert f'<p id="test-panel">for {runner.name} on ' in html


def test_a_panel_in_an_unknown_slot_is_refused():
    from journal.panels import Panel, register_panel

    with pytest.raises(ValueError, match="unknown dashboard slot"):
        register_panel(Panel(slot="footer", template="x.html"))
