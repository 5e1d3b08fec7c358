"""The browser's own Back button on the check's steps returns to the step with its answer still highlighted,
as the page's Back link does (issue 22): on a phone, answered by taps, then Back twice."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect


def answer_button(page, name: str):
    return page.locator("#triage-form").get_by_role(
        "button", name=re.compile(rf"^{re.escape(name)}( \(your answer\))?$")
    )


def expect_step(page, step: str, chosen: str) -> None:
    expect(page.locator("#triage-form")).to_have_attribute("data-step", step)
    button = answer_button(page, chosen)
    expect(button).to_have_class(re.compile(r"(^|\s)btn-brand(\s|$)"))
    expect(button).to_have_accessible_name(f"{chosen} (your answer)")


@pytest.mark.django_db(transaction=True)
def test_the_browsers_back_button_keeps_each_steps_answer(phone):
    page = phone
    page.goto("/triage/")
    answer_button(page, "No").tap()
    expect(page.locator("#triage-form")).to_have_attribute("data-step", "urgent")
    answer_button(page, "No").tap()
    expect(page.locator("#triage-form")).to_have_attribute("data-step", "pain_now")
    answer_button(page, "3").tap()
    expect(page.locator("#triage-form")).to_have_attribute("data-step", "normal_stride")

    page.go_back()
    expect_step(page, "pain_now", "3")
    page.go_back()
    expect_step(page, "urgent", "No")
    page.go_back()
    expect_step(page, "emergency", "No")

    # Forward again from a step reached by Back: a different answer replaces the old one.
    page.go_forward()
    page.go_forward()
    expect_step(page, "pain_now", "3")
    answer_button(page, "5").tap()
    expect(page.locator("#triage-form")).to_have_attribute("data-step", "normal_stride")
    page.go_back()
    expect_step(page, "pain_now", "5")
    expect(answer_button(page, "3")).not_to_have_class(re.compile(r"(^|\s)btn-brand(\s|$)"))
