"""The triage result on a phone (390 x 844), in a real browser: reached through the steps, printed, and the
care-now page's numbers. The step counts: tests/browser/test_triage_taps.py."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest
from playwright.sync_api import expect

from tests.triage.formdata import with_signs

EASY = {"pain_now": "4", "normal_stride": "yes", "spasm": "no", "pain_side": "right", "pars_defect": "no"}


def answer(page, step: str, name: str) -> None:
    """Presses the answer ``name`` on step ``step`` (checks the page is that step first)."""
    expect(page.locator("#triage-form")).to_have_attribute("data-step", step)
    page.locator("#triage-form").get_by_role("button", name=name, exact=True).click()


@pytest.mark.django_db(transaction=True)
def test_a_runner_on_a_phone_answers_the_steps_and_reads_the_verdict_near_the_top(phone):
    page = phone
    page.goto("/triage/")
    answer(page, "emergency", "No")
    answer(page, "urgent", "No")
    answer(page, "pain_now", "4")
    answer(page, "normal_stride", "Yes")
    answer(page, "spasm", "No")
    answer(page, "pain_side", "Right side")
    answer(page, "checklist", "No")
    expect(page.locator("#triage-form")).to_have_attribute("data-step", "age")
    page.get_by_text("More about you (optional)").click()
    page.get_by_label("Running faster than usual").check()
    rows = page.locator("#triage-form .form-check").evaluate_all("els => els.map(e => e.offsetHeight)")
    assert min(rows) >= 44, "every tick box is a thumb-sized touch target"
    answer(page, "age", "18 to 40")

    expect(page).to_have_url(re.compile(r"/triage/result/\?"))
    verdict = page.locator("#verdict")
    expect(verdict).to_have_attribute("data-verdict", "easy_run")
    expect(page.get_by_role("heading", level=1)).to_have_text("Run, but keep it easy")
    expect(page.get_by_role("heading", name="Likely cause: a stiff hip", level=2)).to_be_visible()
    expect(page.get_by_text("Walking lunges")).to_be_visible()
    expect(page.get_by_role("heading", name="When to get help")).to_be_visible()
    # The buttons come right after the verdict, not at the end of the advice (once 2,700 px down).
    signup = page.get_by_role("link", name="Sign up to keep a journal of your back")
    expect(signup).to_be_visible()
    change = page.get_by_role("link", name="Change my answers")
    assert change.bounding_box()["y"] + change.bounding_box()["height"] <= 844 * 1.5, change.bounding_box()
    # Nothing wider than the phone, and the result URL can be loaded again as it is.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    url = page.url
    page.goto(url)
    expect(verdict).to_have_attribute("data-verdict", "easy_run")
    # Printed, the page keeps the answer, the date and every answer, and drops the buttons and the menu.
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Print")).to_be_hidden()
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("#printed-answers")).to_be_visible()
    expect(page.locator("#printed-answers")).to_contain_text("Run, but keep it easy")
    expect(page.locator("#printed-answers")).to_contain_text("4 out of 10")


@pytest.mark.django_db(transaction=True)
def test_an_emergency_result_has_a_tel_link_and_nothing_that_distracts_from_getting_care(phone):
    page = phone
    page.goto("/triage/result/?" + urlencode(with_signs({**EASY, "symptoms": ["both_legs", "fever"]})))

    expect(page.locator("#verdict")).to_have_attribute("data-verdict", "emergency")
    expect(page.get_by_role("heading", level=1)).to_have_text("Get emergency care now")
    expect(page.locator("#reasons")).to_contain_text("both legs")
    call = page.locator('a[href="tel:999"]')
    expect(call).to_be_in_viewport()
    expect(call).to_contain_text("999")
    assert call.bounding_box()["height"] >= 44
    assert page.locator('a[href="tel:111"]').count() == 0, "NHS 111 is not an emergency line"
    text = page.locator("main").inner_text().lower()
    for excluded in ("likely cause", "when to get help", "worth knowing", "common", "sign up", "fartlek", "lunges"):
        assert excluded not in text, excluded
    assert page.locator("[data-advice-code^=cause_], [data-advice-code^=advice_]").count() == 0
    # Another country's numbers: a thumb-sized disclosure and thumb-sized links, in plain words.
    other = page.get_by_text("Not in the United Kingdom?")
    assert other.bounding_box()["height"] >= 44
    other.click()
    links = page.locator("#other-country-numbers a")
    heights = links.evaluate_all("els => els.map(e => e.getBoundingClientRect().height)")
    assert len(heights) == 6
    assert min(heights) >= 44, heights
    links.filter(has_text="United States").click()
    expect(page.locator('a[href="tel:911"]')).to_be_visible()
    expect(page.get_by_text("Not in the United States?")).to_be_visible()
