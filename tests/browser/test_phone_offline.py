"""On a phone in Chromium: the service worker shows the offline page when the network is cut, today's pain
and a run logged there wait on the phone, and are sent once, and only once, when the network returns."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from journal.models import Entry, TrainingSession
from tests.utils import PAGE_TIMEOUT_MS, login

# Chromium's offline emulation does not reach a service worker's own fetches (microsoft/playwright#2311).
# With service-worker network events on (read when the Playwright driver starts, i.e. after collection),
# the test also aborts every request the worker makes while "offline", as a phone without signal would.
os.environ.setdefault("PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS", "1")


def _from_the_worker(request) -> bool:
    try:
        request.frame  # noqa: B018 (the Python API has no Request.service_worker; worker requests have no frame)
    except Exception:
        return True
    return False


def _no_signal_for_the_worker(route):
    if _from_the_worker(route.request):
        route.abort("internetdisconnected")
    else:
        route.continue_()


def go_offline(page):
    page.context.set_offline(True)
    page.context.route("**/*", _no_signal_for_the_worker)


def go_online(page):
    page.context.unroute("**/*", _no_signal_for_the_worker)
    page.context.set_offline(False)


def wait_for_service_worker(page):
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    page.reload()  # the next load is controlled by the worker
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")


@pytest.mark.django_db(transaction=True)
def test_pain_and_a_run_logged_offline_are_sent_once_when_back_online(phone, runner, monkeypatch):
    monkeypatch.setattr("monitoring.queueing.queue_runner_check", lambda runner_id: None)
    page = phone
    login(page, runner)
    page.goto("/journal/")
    wait_for_service_worker(page)

    go_offline(page)
    page.goto("/journal/entries/")
    expect(page.get_by_role("heading", name="You are offline")).to_be_visible()
    page.locator("label[for=offline-pain-4]").click()
    page.get_by_role("button", name="Save today's pain").click()
    expect(page.locator("#offline-queue-status")).to_contain_text("Saved on this phone: back pain 4 out of 10.")
    page.get_by_label("Distance (in the unit of your profile)").fill("6.5")
    page.get_by_label("Time (minutes, or h:mm:ss)").fill("39")
    page.get_by_role("button", name="Save the run").click()
    expect(page.locator("#offline-queue-status")).to_contain_text("Saved on this phone: a run.")
    assert not Entry.objects.filter(runner=runner).exists()
    assert not TrainingSession.objects.filter(runner=runner).exists()

    go_online(page)
    expect(page.locator("#offline-queue-status")).to_contain_text("2 saved items were sent to your journal.")
    assert list(Entry.objects.filter(runner=runner).values_list("day", "pain")) == [(runner.local_today(), 4)]
    assert list(TrainingSession.objects.filter(runner=runner).values_list("day", "duration_s", "distance_m")) == [
        (runner.local_today(), 39 * 60, 6500)
    ]

    # Nothing is left to send: loading pages again sends nothing twice.
    page.goto("/journal/")
    page.goto("/journal/entries/")
    assert TrainingSession.objects.filter(runner=runner).count() == 1
    assert (
        page.evaluate(
            """() => new Promise((resolve) => {
            const req = indexedDB.open("backtrack", 1);
            req.onsuccess = () => {
              const all = req.result.transaction("queue").objectStore("queue").getAll();
              all.onsuccess = () => resolve(all.result.length);
            };
        })"""
        )
        == 0
    )


@pytest.mark.django_db(transaction=True)
def test_the_dashboard_pain_form_waits_on_the_phone_when_offline(phone, runner, monkeypatch):
    monkeypatch.setattr("monitoring.queueing.queue_runner_check", lambda runner_id: None)
    tap_7_offline_then_reconnect(phone, runner)
    assert Entry.objects.get(runner=runner).pain == 7


def tap_7_offline_then_reconnect(page, runner) -> None:
    """Log in, tap pain 7 on the dashboard while offline (the tap alone keeps it on the phone, and the card
    says so), then reconnect: the page shows the pain sent."""
    login(page, runner)
    page.goto("/journal/")
    hint = page.locator("#one-tap-hint")
    expect(hint).to_have_text("Tap a number: it is saved at once, and you can undo it.")
    page.context.set_offline(True)
    expect(hint).to_have_text("You are offline: a tap is kept on this phone and sent when you are back online.")
    page.locator("label[for=id_pain_7]").click()  # the only tap, as online
    expect(page.locator("#offline-queue-status")).to_contain_text("Saved on this phone: back pain 7 out of 10.")
    expect(page.locator("#quick-pain-kept")).to_have_text(
        "Kept on this phone: pain 7 out of 10. It will be sent when you are back online."
    )
    expect(page.locator("#quick-pain-save")).to_be_hidden()  # nothing else to press
    assert not Entry.objects.filter(runner=runner).exists()
    page.context.set_offline(False)
    expect(page.locator("#offline-queue-status")).to_contain_text("1 saved item was sent to your journal.")
    # The page loaded again: it shows the pain as the server has it, with its Undo.
    expect(page.locator("#quick-pain-undo")).to_contain_text("Today's back pain is logged: 7 out of 10.")
    expect(page.locator("#id_pain_7")).to_be_checked()


@pytest.mark.django_db(transaction=True)
def test_items_kept_for_one_account_are_not_sent_to_the_next_person_to_log_in(phone, runner, other_runner, monkeypatch):
    monkeypatch.setattr("monitoring.queueing.queue_runner_check", lambda runner_id: None)
    page = phone
    login(page, runner)
    page.goto("/journal/")
    page.context.set_offline(True)
    page.locator("label[for=id_pain_6]").click()
    expect(page.locator("#offline-queue-status")).to_contain_text("Saved on this phone")
    page.context.clear_cookies()  # Robin's session ends on this phone while offline
    page.context.set_offline(False)
    login(
        page, other_runner
    )  # Olive's first page removes what Robin left on the phone (tests/browser/test_offline_queue.py)
    page.goto("/journal/entries/")
    page.wait_for_function("() => window.indexedDB !== undefined")
    page.context.clear_cookies()
    login(page, runner)  # back to Robin: nothing of his was sent to Olive, and nothing was kept for him
    page.goto("/journal/entries/")
    assert not Entry.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_pain_tapped_offline_today_lands_on_today_when_the_phones_time_zone_is_a_day_ahead(
    browser, live_server, runner, monkeypatch
):
    # The runner's profile says Pago Pago (UTC-11); the phone is in Kiritimati (UTC+14), already tomorrow.
    monkeypatch.setattr("monitoring.queueing.queue_runner_check", lambda runner_id: None)
    runner.time_zone = "Pacific/Pago_Pago"
    runner.save(update_fields=["time_zone"])
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        base_url=live_server.url,
        timezone_id="Pacific/Kiritimati",
    )
    page = context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    try:
        tap_7_offline_then_reconnect(page, runner)
    finally:
        context.close()
    assert list(Entry.objects.filter(runner=runner).values_list("day", "pain")) == [(runner.local_today(), 7)]
