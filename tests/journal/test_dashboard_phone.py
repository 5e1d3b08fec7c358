"""The dashboard's one-tap pain: undo puts back what the day held, the saved side is shown, idempotency keys
still hold; and the dashboard's order and first-week guide (the page's markup, without a browser)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from journal.models import Entry
from tests.factories import EntryFactory, TrainingSessionFactory
from tests.utils import NOW

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 11)
PAIN = reverse("journal:quick_pain")
UNDO = reverse("journal:quick_pain_undo")


@pytest.fixture
def queued(monkeypatch):
    calls: list[int] = []
    monkeypatch.setattr("monitoring.queueing.queue_runner_check", calls.append)
    return calls


def today_entry(runner):
    return Entry.objects.filter(runner=runner, day=TODAY).values_list("pain", "pain_side").first()


def test_undo_after_a_first_tap_removes_the_entry_the_tap_created(signed_in, runner, queued):
    response = signed_in.post(PAIN, {"pain": "6", "pain_side": "left"})
    assert response.status_code == 302
    assert response["Location"] == reverse("journal:dashboard") + "#today-heading"
    page = signed_in.get(reverse("journal:dashboard")).content.decode()
    # One confirmation, beside its Undo: no banner saying the same, and no "Save today's pain" any more.
    assert page.count("back pain is logged") == 1
    assert "Today's back pain is logged: 6 out of 10." in page[page.index('id="quick-pain-undo"') :]
    assert f'action="{UNDO}"' in page
    assert "Save today's pain" not in page

    response = signed_in.post(UNDO, follow=True)
    assert today_entry(runner) is None
    assert "Undone: today&#x27;s back pain is not logged any more." in response.content.decode()
    assert f'action="{UNDO}"' not in response.content.decode()  # one undo per tap
    assert queued == [runner.pk, runner.pk]  # the undo is a journal change too: monitoring checks again


def test_undo_puts_back_the_pain_and_side_logged_before_and_keeps_the_details(signed_in, runner):
    EntryFactory(runner=runner, day=TODAY, pain=2, pain_side="right", notes="stiff after sitting")
    signed_in.post(PAIN, {"pain": "7", "pain_side": "both"})
    assert today_entry(runner) == (7, "both")
    response = signed_in.post(UNDO, follow=True)
    assert today_entry(runner) == (2, "right")
    assert Entry.objects.get(runner=runner, day=TODAY).notes == "stiff after sitting"
    assert "Undone: today&#x27;s back pain is back to 2 out of 10." in response.content.decode()


def test_undo_changes_nothing_when_the_entry_changed_since_the_tap(signed_in, runner):
    signed_in.post(PAIN, {"pain": "5"})
    Entry.objects.filter(runner=runner, day=TODAY).update(pain=3)  # edited on the entry page since
    response = signed_in.post(UNDO, follow=True)
    assert today_entry(runner) == (3, "")
    assert "has changed since that tap, so nothing was undone" in response.content.decode()


def test_undo_keeps_details_added_to_the_entry_the_tap_created(signed_in, runner):
    signed_in.post(PAIN, {"pain": "5"})
    Entry.objects.filter(runner=runner, day=TODAY).update(notes="added later")
    signed_in.post(UNDO)
    assert today_entry(runner) == (5, "")


def test_undo_with_nothing_to_undo_or_from_yesterday_changes_nothing(signed_in, runner, time_machine):
    EntryFactory(runner=runner, day=TODAY, pain=4, pain_side="")
    response = signed_in.post(UNDO, follow=True)
    assert "There is nothing to undo" in response.content.decode()
    assert today_entry(runner) == (4, "")

    signed_in.post(PAIN, {"pain": "8"})
    time_machine.move_to(NOW + dt.timedelta(days=1), tick=False)  # the tap was yesterday
    page = signed_in.get(reverse("journal:dashboard")).content.decode()
    assert f'action="{UNDO}"' not in page
    signed_in.post(UNDO)
    assert today_entry(runner) == (8, "")


def test_a_replayed_idempotency_key_logs_once_and_does_not_replace_the_undo(signed_in, runner):
    EntryFactory(runner=runner, day=TODAY, pain=1, pain_side="")
    signed_in.post(PAIN, {"pain": "6"}, HTTP_IDEMPOTENCY_KEY="tap-key-0001")
    signed_in.post(PAIN, {"pain": "6"}, HTTP_IDEMPOTENCY_KEY="tap-key-0001")  # a double tap
    signed_in.post(UNDO, HTTP_IDEMPOTENCY_KEY="undo-key-0001")
    assert today_entry(runner) == (1, "")  # the value before the first tap, not 6
    signed_in.post(UNDO, HTTP_IDEMPOTENCY_KEY="undo-key-0001")
    assert today_entry(runner) == (1, "")


@pytest.mark.parametrize(
    "junk",
    [
        {"pain": "\x00", "pain_side": "x" * 5000, "saved": "1"},
        {"idempotency_key": "bad key\x00"},
        {"idempotency_key": "k" * 81},
        {"day": "2026-03-10", "before": "9"},
    ],
)
def test_undo_ignores_junk_fields_and_refuses_a_damaged_key_without_a_change(signed_in, runner, junk):
    EntryFactory(runner=runner, day=TODAY, pain=1, pain_side="")
    signed_in.post(PAIN, {"pain": "6"})
    response = signed_in.post(UNDO, junk)
    if "idempotency_key" in junk:
        assert response.status_code == 400
        assert today_entry(runner) == (6, "")  # refused: nothing undone, and the undo is still there
        signed_in.post(UNDO)
    else:
        assert response.status_code == 302
    assert today_entry(runner) == (1, "")


def test_where_shows_the_side_just_saved(signed_in):
    signed_in.post(PAIN, {"pain": "3", "pain_side": "right"})
    page = signed_in.get(reverse("journal:dashboard")).content.decode()
    assert re.search(r'<option value="right" selected>', page), "the saved side is not selected"
    assert not re.search(r'<option value="" selected>', page)


def test_the_dashboard_puts_status_pain_plan_and_chart_before_logging_and_history(signed_in, runner):
    for days_ago in range(1, 8):  # a week logged: the chart instead of the first-week guide
        EntryFactory(runner=runner, day=TODAY - dt.timedelta(days=days_ago), pain=3)
    page = signed_in.get(reverse("journal:dashboard")).content.decode()
    order = [
        'id="how-it-goes"',
        'id="quick-pain-form"',
        'id="plan-heading"',
        'id="trends-chart"',
        'id="quick-session-form"',
        'id="history-heading"',  # the weekly table and calendar come as a fragment, loaded when scrolled to
    ]
    positions = [page.index(marker) for marker in order]
    assert positions == sorted(positions)
    assert 'id="weekly-table"' not in page
    assert re.search(r'<details class="card journal-disclosure mb-3" id="run-details">', page)  # folded until tapped
    assert 'id="first-week"' not in page
    history = signed_in.get(reverse("journal:history"), headers={"X-Fragment": "1"}).content.decode()
    assert history.index('id="weekly-table"') < history.index('id="pain-calendar"')
    assert '<td class="text-end" data-label="Highest pain">3</td>' in history
    assert '<script src="/static/js/one-tap-pain.js"></script>' in page or "js/one-tap-pain" in page


def test_a_new_runner_gets_the_first_week_guide_instead_of_empty_tables(signed_in):
    page = signed_in.get(reverse("journal:dashboard")).content.decode()
    assert "Your first week with Backtrack" in page
    assert '"Should I run with lower back pain?"' in page or "&quot;Should I run with lower back pain?&quot;" in page
    for absent in ('id="weekly-table"', 'id="pain-calendar"', 'id="trends-chart"', "Nothing logged"):
        assert absent not in page
    assert 'id="quick-pain-form"' in page


def test_a_new_runner_with_only_a_session_sees_the_guide_and_the_tables_but_no_chart(signed_in, runner):
    TrainingSessionFactory(runner=runner, day=TODAY)
    page = signed_in.get(reverse("journal:dashboard")).content.decode()
    assert 'id="history-heading"' in page
    assert 'id="weekly-table"' in signed_in.get(reverse("journal:history")).content.decode()
    assert "Your first week with Backtrack" in page
    assert "Logged so far: 1 day." in page
    assert 'id="trends-chart"' not in page


def test_todays_saved_check_leads_the_status_and_older_ones_do_not(signed_in, runner, django_assert_num_queries):
    from journal import presentation
    from journal.models import SavedCheck

    EntryFactory(runner=runner, day=TODAY - dt.timedelta(days=1), pain=5)
    SavedCheck.objects.create(runner=runner, day=TODAY - dt.timedelta(days=1), verdict="see_clinician")
    page = signed_in.get(reverse("journal:dashboard")).content.decode()
    assert 'id="today-verdict"' not in page  # yesterday's check is not today's status

    EntryFactory(runner=runner, day=TODAY, pain=3)
    SavedCheck.objects.create(runner=runner, day=TODAY, verdict="walk_instead")
    SavedCheck.objects.create(runner=runner, day=TODAY, verdict="easy_run")  # the latest one counts
    page = signed_in.get(reverse("journal:dashboard")).content.decode()
    status = page[page.index('id="today-verdict"') : page.index('id="plan-heading"')]
    assert "<strong>Run, but keep it easy</strong>" in status
    assert "alert-info" in page[page.rindex("<section", 0, page.index('id="today-verdict"')) :][:200]
    with django_assert_num_queries(2):  # the verdict rides on today's entry row
        assert presentation.dashboard_context(runner=runner)["today_verdict"]["code"] == "easy_run"

    SavedCheck.objects.create(runner=runner, day=TODAY, verdict="urgent")
    page = signed_in.get(reverse("journal:dashboard")).content.decode()
    assert '<section class="alert alert-danger" id="today-verdict"' in page
    assert "See a doctor today" in page
