"""History below the first screen on a 390x844 phone (issue 22 §5): the dashboard's weekly table and
calendar, the journal's older days and the client page's history arrive when scrolled to, without a CSP
error; with JavaScript off, the plain link opens them as a page of their own."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from tests.factories import CareLinkFactory, EntryFactory, PhysioFactory, TrainingSessionFactory
from tests.utils import login

pytestmark = pytest.mark.django_db(transaction=True)


def _logged(runner, days: int = 30) -> None:
    today = runner.local_today()
    for n in range(1, days + 1):
        EntryFactory(runner=runner, day=today - dt.timedelta(days=n), pain=n % 6)
        TrainingSessionFactory(runner=runner, day=today - dt.timedelta(days=n), distance_m=5000)


def _errors(page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def test_the_dashboards_history_arrives_when_scrolled_to(phone, runner, monkeypatch):
    monkeypatch.setattr("monitoring.queueing.queue_runner_check", lambda runner_id: None)
    _logged(runner)
    page = phone
    errors = _errors(page)
    login(page, runner)
    with page.expect_request("**/journal/history/**") as fetched:
        page.goto("/journal/")
        expect(page.locator("#history-link")).to_be_attached()
        assert page.locator("#weekly-table").count() == 0  # not on the first screen: nothing fetched yet
        page.locator("#history").scroll_into_view_if_needed()
    assert fetched.value.headers.get("x-fragment") == "1"
    expect(page.locator("#weekly-table tbody tr").first).to_be_visible()
    expect(page.locator("#pain-calendar")).to_be_visible()
    expect(page.locator("#history-link")).to_have_count(0)  # the link gave way to the history
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    assert errors == []


def test_the_journals_older_days_arrive_when_scrolled_to(phone, runner, monkeypatch):
    monkeypatch.setattr("monitoring.queueing.queue_runner_check", lambda runner_id: None)
    _logged(runner)
    page = phone
    errors = _errors(page)
    login(page, runner)
    page.goto("/journal/entries/")
    expect(page.locator("#journal-days > li")).to_have_count(5)
    page.locator("#older-days").scroll_into_view_if_needed()
    expect(page.locator("#journal-older-days > li")).to_have_count(15)
    assert errors == []


def test_the_client_pages_history_arrives_when_scrolled_to(phone, runner):
    _logged(runner)
    physio = PhysioFactory(email="pat@example.com")
    link = CareLinkFactory(runner=runner, physio=physio)
    page = phone
    errors = _errors(page)
    login(page, physio)
    page.goto(f"/clinic/clients/{link.public_id}/")
    expect(page.locator("#history-link")).to_be_attached()
    page.locator("#history").scroll_into_view_if_needed()
    expect(page.locator("#journal-days > li")).to_have_count(20)
    expect(page.locator("#weekly-table")).to_be_attached()
    assert errors == []


def test_without_javascript_the_plain_link_opens_the_history(browser, live_server, runner):
    _logged(runner)
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, java_script_enabled=False, base_url=live_server.url
    )
    page = context.new_page()
    page.live_server_url = live_server.url
    try:
        login(page, runner)
        page.goto("/journal/")
        page.locator("#history-link").click()
        expect(page).to_have_url(f"{live_server.url}/journal/history/?weeks=12")
        expect(page.locator("#weekly-table")).to_be_visible()
        expect(page.locator("#pain-calendar")).to_be_visible()
        expect(page.get_by_role("link", name="Back to your dashboard")).to_be_visible()
    finally:
        context.close()
