"""On a shared phone, the offline queue (IndexedDB) keeps nothing of one account for the next person:
a sign-in removes other accounts' items, and a sign-out removes every item (after sending what it can)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from journal.models import Entry
from tests.utils import login

pytestmark = pytest.mark.browser

KEPT = """() => new Promise((resolve, reject) => {
  const req = indexedDB.open("backtrack", 1);
  req.onupgradeneeded = () => req.result.createObjectStore("queue", { keyPath: "key" });
  req.onsuccess = () => {
    const tx = req.result.transaction("queue", "readonly");
    const all = tx.objectStore("queue").getAll();
    tx.oncomplete = () => resolve(all.result.map((item) => item.account));
  };
  req.onerror = () => reject(req.error);
})"""


def keep_pain_offline(page, pain: int) -> None:
    page.goto("/journal/")
    page.context.set_offline(True)
    page.locator(f"label[for=id_pain_{pain}]").click()  # offline, the tap alone keeps it on the phone
    expect(page.locator("#offline-queue-status")).to_contain_text("Saved on this phone")


@pytest.mark.django_db(transaction=True)
def test_signing_in_removes_what_another_account_kept_on_the_phone(phone, runner, other_runner, monkeypatch):
    monkeypatch.setattr("monitoring.queueing.queue_runner_check", lambda runner_id: None)
    login(phone, runner, through_the_form=True)
    keep_pain_offline(phone, 6)
    assert phone.evaluate(KEPT) == [str(runner.pk)]
    phone.context.clear_cookies()  # Robin's session ends while offline; his pain stays on the phone
    phone.context.set_offline(False)
    login(phone, other_runner, through_the_form=True)
    kept = phone.evaluate(KEPT)
    for _ in range(50):  # the page's script removes them just after it loads
        if not kept:
            break
        phone.wait_for_timeout(100)
        kept = phone.evaluate(KEPT)
    assert kept == []
    assert not Entry.objects.exists()  # sent to nobody


@pytest.mark.django_db(transaction=True)
def test_signing_out_leaves_nothing_on_the_phone(phone, runner, monkeypatch):
    monkeypatch.setattr("monitoring.queueing.queue_runner_check", lambda runner_id: None)
    login(phone, runner, through_the_form=True)
    phone.route("**/journal/today/pain/", lambda route: route.fulfill(status=503, body="unwell"))
    keep_pain_offline(phone, 5)
    phone.context.set_offline(False)  # the send is refused by a server that is unwell: the item waits
    expect(phone.locator("#offline-queue-status")).to_contain_text("1 item is still waiting")
    assert phone.evaluate(KEPT) == [str(runner.pk)]
    phone.get_by_role("button", name="Open the menu").click()
    expect(phone.locator("#main-nav")).to_have_class(re.compile(r"(^|\s)show(\s|$)"))
    with phone.expect_navigation():
        phone.get_by_role("button", name="Log out").click()
    expect(phone.get_by_role("status").filter(has_text="You are logged out")).to_be_visible()
    assert phone.evaluate(KEPT) == []
