"""On a phone: ticking an emergency or urgent sign in the entry form shows the warning under that box."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.utils import login


def _in_viewport(page, locator) -> bool:
    box = locator.bounding_box()
    height = page.viewport_size["height"]
    return box is not None and box["y"] >= 0 and box["y"] + min(box["height"], 120) <= height


@pytest.mark.django_db(transaction=True)
def test_the_warning_appears_next_to_the_ticked_box_inside_the_viewport(phone, runner):
    page = phone
    login(page, runner)
    page.goto("/journal/entries/new/")
    warning = page.locator("#emergency-alert")
    expect(warning).to_be_hidden()

    box = page.get_by_label("Weakness, pins and needles or numbness in one leg")
    box.scroll_into_view_if_needed()
    box.check()
    expect(warning, "a see-a-clinician sign gives no care-now warning").to_be_hidden()

    urgent = page.get_by_label("Fever, chills or feeling very unwell with the back pain")
    urgent.scroll_into_view_if_needed()
    urgent.check()
    expect(warning).to_be_visible()
    expect(warning).to_have_attribute("data-level", "urgent")
    expect(page.locator("#sign-announce")).to_have_text("See a doctor today.")
    assert _in_viewport(page, warning)

    emergency = page.get_by_label("Numbness, pins and needles or weakness in both legs")
    emergency.scroll_into_view_if_needed()
    emergency.check()
    expect(warning).to_have_attribute("data-level", "emergency")
    expect(page.locator("#sign-announce")).to_have_text("Get emergency care now.")
    expect(warning.get_by_role("link", name="Call 999 (emergency)")).to_be_visible()
    expect(warning.get_by_role("link", name="Call NHS 111", exact=False)).to_be_hidden()
    assert _in_viewport(page, warning), "the warning is where the runner is looking"
    # It sits right under the box just ticked.
    follows = page.evaluate(
        "() => document.getElementById('emergency-alert').previousElementSibling.querySelector('input').value"
    )
    assert follows == "both_legs"

    emergency.uncheck()
    expect(warning).to_have_attribute("data-level", "urgent")
    urgent.uncheck()
    expect(warning).to_be_hidden()
