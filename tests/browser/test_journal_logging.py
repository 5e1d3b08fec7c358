"""On a phone: log today's pain and a run from the dashboard, and see the chart data and tables change."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from playwright.sync_api import expect

from journal.models import Entry, TrainingSession
from tests.utils import login


@pytest.mark.django_db(transaction=True)
def test_a_runner_logs_a_day_and_a_run_from_the_dashboard_on_a_phone(phone, runner, monkeypatch):
    monkeypatch.setattr("monitoring.queueing.queue_runner_check", lambda runner_id: None)  # no broker needed here
    # A runner of long standing (a new one keeps the first-week guide until a week is logged: test_first_minute).
    runner.date_joined -= dt.timedelta(days=100)
    runner.save(update_fields=["date_joined"])
    page = phone
    login(page, runner)
    page.goto("/journal/")
    expect(page.get_by_role("heading", name="Today", exact=False)).to_be_visible()
    expect(page.locator("#trends-data")).to_have_count(0)  # nothing logged yet: the first-week guide instead

    # Pain: one tap on a number saves it.
    page.locator("label[for=id_pain_4]").click()
    expect(page.get_by_text("Today's back pain is logged: 4 out of 10.")).to_be_visible()
    before = json.loads(page.locator("#trends-data").text_content())
    assert before["pain"][-1] == 4
    page.locator("#history").scroll_into_view_if_needed()  # the history is fetched when scrolled to
    today_cell = page.locator("#pain-calendar tbody tr").first
    expect(today_cell).to_contain_text("4")

    # A run: distance and time, then save.
    page.get_by_text("Log a run or workout").click()  # the run form is folded until tapped
    form = page.locator("#quick-session-form")
    form.get_by_label("Distance (km)").fill("6.5")
    form.get_by_label("Time (minutes, or h:mm:ss)").fill("39")
    form.get_by_role("button", name="Save session").click()
    expect(page.get_by_text("is logged.")).to_be_visible()
    after_run = json.loads(page.locator("#trends-data").text_content())
    assert after_run["weekly_distance"][-1] == pytest.approx(before["weekly_distance"][-1] + 6.5)
    page.locator("#history").scroll_into_view_if_needed()
    expect(page.locator("#weekly-table tbody tr").first).to_contain_text("6.5")
    expect(page.locator("#trends-chart")).to_be_visible()

    # The touch targets are big enough for a thumb.
    box = page.locator("label[for=id_pain_4]").bounding_box()
    assert box["height"] >= 44
    assert Entry.objects.get(runner=runner).pain == 4
    assert TrainingSession.objects.get(runner=runner).distance_m == 6500
