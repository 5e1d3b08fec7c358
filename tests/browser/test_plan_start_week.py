"""On a 390x844 phone: the plan card's week strip greys out the days of the start week before the plan began,
with no session circle, and says so to a screen reader (issue 22 §3)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from plans.services import plan_start
from tests.utils import login


@pytest.mark.django_db(transaction=True)
def test_the_days_before_the_plan_look_apart_from_its_sessions_on_a_phone(phone, runner, monkeypatch):
    monkeypatch.setattr("monitoring.queueing.queue_runner_check", lambda runner_id: None)
    plan_start(runner=runner, actor=runner, stage=2)  # today: Monday to yesterday came before it
    before = runner.local_today().weekday()
    page = phone
    login(page, runner)
    page.goto("/journal/")
    days = page.get_by_role("list", name="This week's sessions").locator("li")
    expect(days).to_have_count(7)
    for n in range(7):
        day = days.nth(n)
        if n < before:
            expect(day).to_contain_text("before your plan started")
            expect(day.locator(".bi-circle, .bi-check-circle-fill, .bi-dash-circle")).to_have_count(0)
            expect(day).to_have_class(re.compile(r"\btext-body-secondary\b"))
        else:
            expect(day).not_to_contain_text("before your plan started")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
