"""History below the first screen as its own fragment (journal/fragments.py): the dashboard's weekly table
and calendar, a journal page's older days. Served alone to our script, as a page without JavaScript,
never kept by a browser, and cached on the server per journal version (a write shows at once)."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.core.cache import cache
from django.urls import reverse

from journal import presentation, services
from journal.selectors import FIRST_SCREEN_DAYS
from tests.factories import EntryFactory, FlagFactory, TrainingSessionFactory

pytestmark = pytest.mark.django_db
FRAGMENT = {"X-Fragment": "1"}


@pytest.fixture(autouse=True)
def _empty_cache(db):
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def logged(runner):
    today = runner.local_today()
    for n in range(1, 30):
        EntryFactory(runner=runner, day=today - dt.timedelta(days=n), pain=n % 5)
        TrainingSessionFactory(runner=runner, day=today - dt.timedelta(days=n), distance_m=5000)
    return runner


def test_the_dashboard_links_to_its_history_and_does_not_render_it(client, logged):
    client.force_login(logged)
    page = client.get(reverse("journal:dashboard")).content.decode()
    assert 'data-fragment="/journal/history/?weeks=12"' in page
    assert '<a href="/journal/history/?weeks=12" id="history-link">' in page  # works without JavaScript
    assert 'id="weekly-table"' not in page
    assert 'id="pain-calendar"' not in page
    assert 'id="trends-chart"' in page  # the first screen keeps its chart
    assert "js/fragments.js" in page


def test_the_history_fragment_alone_for_the_script_and_as_a_page_without_it(client, logged):
    client.force_login(logged)
    alone = client.get(reverse("journal:history"), headers=FRAGMENT)
    html = alone.content.decode()
    assert alone.status_code == 200
    assert 'id="weekly-table"' in html
    assert 'id="pain-calendar"' in html
    assert "<html" not in html
    assert alone["Cache-Control"] == "no-store, private"
    page = client.get(reverse("journal:history"))
    assert "<html" in page.content.decode()
    assert 'id="weekly-table"' in page.content.decode()
    assert "Back to your dashboard" in page.content.decode()
    assert page["Cache-Control"] == "no-store, private"


def test_the_fragment_is_built_once_per_journal_version(client, logged):
    client.force_login(logged)
    url = reverse("journal:history")
    with mock.patch("journal.presentation.dashboard_context", wraps=presentation.dashboard_context) as built:
        first = client.get(url, headers=FRAGMENT).content
        second = client.get(url, headers=FRAGMENT).content
        assert built.call_count == 1
        assert first == second
        services.entry_log_pain_undoable(runner=logged, day=logged.local_today(), pain=9)
        third = client.get(url, headers=FRAGMENT).content.decode()
        assert built.call_count == 2
    assert "</span>9</td>" in third  # today's new pain is in the calendar at once


def test_a_new_session_shows_in_the_weekly_table_at_once(client, logged):
    client.force_login(logged)
    url = reverse("journal:history")
    before = client.get(url, headers=FRAGMENT).content.decode()
    TrainingSessionFactory(runner=logged, day=logged.local_today(), distance_m=42195)
    after = client.get(url, headers=FRAGMENT).content.decode()
    assert before != after
    assert "42.2" in after  # this week's distance (km) now counts the marathon


def test_another_period_or_another_runner_never_shares_a_cached_fragment(client, logged, other_runner):
    EntryFactory(runner=logged, day=logged.local_today() - dt.timedelta(weeks=10), pain=8)  # in 12 weeks, not 8
    client.force_login(logged)
    twelve = client.get(reverse("journal:history") + "?weeks=12", headers=FRAGMENT).content
    eight = client.get(reverse("journal:history") + "?weeks=8", headers=FRAGMENT).content
    assert twelve != eight
    client.force_login(other_runner)
    theirs = client.get(reverse("journal:history") + "?weeks=12", headers=FRAGMENT).content.decode()
    assert 'id="weekly-table"' in theirs
    assert theirs != twelve.decode()


def test_a_cache_that_fails_costs_a_render_not_the_page(client, logged):
    client.force_login(logged)
    with mock.patch("journal.fragments.cache.get", side_effect=ConnectionError("redis down")):
        response = client.get(reverse("journal:history"), headers=FRAGMENT)
    assert response.status_code == 200
    assert 'id="weekly-table"' in response.content.decode()


def test_a_new_flag_and_a_new_entry_show_on_the_dashboard_at_once(client, logged):
    """The safety status, open flags and today's pain are never cached: only the history below them."""
    client.force_login(logged)
    url = reverse("journal:dashboard")
    client.get(url)
    client.get(reverse("journal:history"), headers=FRAGMENT)
    assert 'id="open-flags"' not in client.get(url).content.decode()
    FlagFactory(runner=logged)  # no journal write: the version stays, the flag must show all the same
    services.entry_log_pain_undoable(runner=logged, day=logged.local_today(), pain=7)
    page = client.get(url).content.decode()
    assert 'id="open-flags"' in page
    assert 'data-saved="7"' in page


def test_the_journal_page_renders_its_newest_days_and_fetches_the_rest(client, logged):
    client.force_login(logged)
    page = client.get(reverse("journal:entries")).content.decode()
    assert page.count('<li class="card mb-2">') == FIRST_SCREEN_DAYS
    assert 'data-fragment="/journal/entries/older/?page=1"' in page
    assert '<a href="/journal/entries/older/?page=1" id="older-days-link">' in page
    older = client.get(reverse("journal:entries_older") + "?page=1", headers=FRAGMENT)
    assert older["Cache-Control"] == "no-store, private"
    html = older.content.decode()
    assert html.count('<li class="card mb-2">') == 20 - FIRST_SCREEN_DAYS  # the rest of the page's 20 days
    oldest_shown = logged.local_today() - dt.timedelta(days=20)
    assert f"/journal/entries/{oldest_shown.isoformat()}/" in html
    newest = logged.local_today() - dt.timedelta(days=1)
    assert f"/journal/entries/{newest.isoformat()}/" in page
    assert f"/journal/entries/{newest.isoformat()}/" not in html  # the newest days are not repeated


def test_the_older_days_of_someone_elses_import_are_a_404(client, logged, other_runner):
    from journal.models import ImportJob

    job = ImportJob.objects.create(runner=other_runner, kind=ImportJob.Kind.CSV)
    client.force_login(logged)
    assert client.get(reverse("journal:entries_older") + f"?import={job.public_id}").status_code == 404
    assert client.get(reverse("journal:entries_older") + "?import=not-a-uuid").status_code == 404


def test_made_up_page_numbers_and_periods_never_fill_the_cache(client, logged):
    """A page beyond CACHED_PAGES, or a word, is rendered without a key; an unknown period shares the default's."""
    from journal.fragments import CACHED_PAGES, page_part

    assert [page_part(v) for v in ("1", str(CACHED_PAGES), str(CACHED_PAGES + 1), "0", "x", "", None)] == [
        1, CACHED_PAGES, None, None, None, None, None,
    ]  # fmt: skip
    client.force_login(logged)
    with mock.patch("journal.fragments.cache.set") as kept:
        for page in ("999", "nonsense", "-1"):
            assert client.get(reverse("journal:entries_older"), {"page": page}, headers=FRAGMENT).status_code == 200
        assert kept.call_count == 0
        client.get(reverse("journal:history"), {"weeks": "12345"}, headers=FRAGMENT)
        client.get(reverse("journal:history"), {"weeks": "12"}, headers=FRAGMENT)
        assert kept.call_count == 2
        assert kept.call_args_list[0].args[0] == kept.call_args_list[1].args[0]  # 12345 weeks fell back to 12
