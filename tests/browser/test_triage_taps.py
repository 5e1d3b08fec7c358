"""How many taps the check takes on a phone (390 x 844, headless Chromium): a runner with nothing worrying
reaches a verdict in at most 8 taps after the start, one with an emergency sign in at most 2 (issue 22).
Each tap is counted as it is made, and the page reached is checked to be the verdict. With
UPDATE_SCREENSHOTS=1 set, the first test also rewrites docs/img/check-phone.png (the first step)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from triage.codes import Symptom

NOTHING_WORRYING_TAPS = 8
EMERGENCY_TAPS = 2
PHONE_HEIGHT = 844
DOCS_IMG = Path(__file__).resolve().parents[2] / "docs" / "img"


class Thumb:
    """Taps on a touch screen, counted."""

    def __init__(self, page):
        self.page, self.taps = page, 0

    def tap(self, locator) -> None:
        locator.tap()
        self.taps += 1

    def answer(self, step: str, name: str) -> None:
        form = self.page.locator("#triage-form")
        expect(form).to_have_attribute("data-step", step)
        button = form.get_by_role("button", name=name, exact=True)
        # One step a phone screen: its answer is on the first screen, with no scrolling.
        box = button.bounding_box()
        assert box["y"] + box["height"] <= PHONE_HEIGHT, (step, name, box)
        self.tap(button)


@pytest.mark.django_db(transaction=True)
def test_a_runner_with_nothing_worrying_reaches_a_verdict_in_at_most_8_taps(phone, tmp_path):
    page = phone
    page.goto("/triage/")
    folder = DOCS_IMG if os.environ.get("UPDATE_SCREENSHOTS") == "1" else tmp_path
    page.screenshot(path=str(folder / "check-phone.png"))
    expect(page.locator("#check-progress")).to_have_text("Step 1 of 8")
    thumb = Thumb(page)
    thumb.answer("emergency", "No")
    expect(page.locator("#check-progress")).to_have_text("Step 2 of 8")
    thumb.answer("urgent", "No")
    thumb.answer("pain_now", "2")
    thumb.answer("normal_stride", "Yes")
    thumb.answer("spasm", "No")
    thumb.answer("pain_side", "Left side")
    thumb.answer("checklist", "No")
    thumb.answer("age", "41 to 49")

    expect(page).to_have_url(re.compile(r"/triage/result/\?"))
    expect(page.locator("#verdict")).to_have_attribute("data-verdict", "easy_run")
    expect(page.get_by_role("heading", level=1)).to_have_text("Run, but keep it easy")
    assert thumb.taps <= NOTHING_WORRYING_TAPS, thumb.taps


@pytest.mark.django_db(transaction=True)
def test_a_runner_with_an_emergency_sign_sees_the_call_button_in_at_most_2_taps(phone):
    page = phone
    page.goto("/triage/")
    thumb = Thumb(page)
    thumb.answer("emergency", "Yes")
    # "Yes" opens the items to tick on the same page.
    assert page.url.endswith("/triage/")
    item = page.get_by_label(Symptom.SADDLE_NUMBNESS.label)
    expect(item).to_be_visible()
    thumb.tap(item)

    expect(page).to_have_url(re.compile(r"/triage/result/\?"))
    expect(page.locator("#verdict")).to_have_attribute("data-verdict", "emergency")
    expect(page.get_by_role("heading", level=1)).to_have_text("Get emergency care now")
    call = page.locator('a[href="tel:999"]')
    expect(call).to_be_in_viewport()
    expect(page.locator("#reasons")).to_contain_text("around the genitals")
    assert page.locator("#triage-form").count() == 0, "none of the other questions"
    assert thumb.taps <= EMERGENCY_TAPS, thumb.taps


@pytest.mark.django_db(transaction=True)
def test_back_keeps_the_answers_in_the_browser_too(phone):
    page = phone
    page.goto("/triage/")
    thumb = Thumb(page)
    thumb.answer("emergency", "No")
    thumb.answer("urgent", "No")
    thumb.answer("pain_now", "6")
    thumb.tap(page.get_by_role("link", name="Back", exact=True))
    expect(page.locator("#triage-form")).to_have_attribute("data-step", "pain_now")
    expect(page.locator("#triage-form").get_by_role("button", name="6 (your answer)")).to_be_visible()
