"""The triage check on a phone, in a real browser."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect


@pytest.mark.django_db(transaction=True)
def test_a_runner_on_a_phone_answers_the_questions_and_reads_the_verdict(phone, advice_texts):
    page = phone
    page.goto("/triage/")
    page.get_by_label("How bad is your back pain right now?").select_option("4")
    page.get_by_role("group", name="Can you get into your normal running stride?").get_by_label("Yes").check()
    page.get_by_role("group", name="Do you get a sharp, grabby pain when you move?").get_by_label("No").check()
    page.get_by_label("Right side").check()
    page.get_by_role("group", name="pars defect").get_by_label("No").check()
    page.get_by_label("Running faster than usual").check()
    rows = page.locator("#triage-form .form-check").evaluate_all("els => els.map(e => e.offsetHeight)")
    assert min(rows) >= 44, "every answer is a thumb-sized touch target"
    page.get_by_role("button", name="Check my back").click()

    assert "/triage/result/?" in page.url
    verdict = page.locator("#verdict")
    expect(verdict).to_have_attribute("data-verdict", "easy_run")
    expect(page.get_by_role("heading", level=1)).to_have_text("Run, but keep it easy")
    expect(page.get_by_role("heading", name="Likely cause: a stiff hip", level=2)).to_be_visible()
    expect(page.get_by_text("Walking lunges")).to_be_visible()
    expect(page.get_by_role("heading", name="When to get help")).to_be_visible()
    expect(page.get_by_role("link", name="Sign up to keep a journal of your back")).to_be_visible()
    # Nothing wider than the phone, and the result URL can be loaded again as it is.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    url = page.url
    page.goto(url)
    expect(verdict).to_have_attribute("data-verdict", "easy_run")
    # Printed, the page keeps the answer and drops the buttons and the menu.
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Print")).to_be_hidden()
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_symptoms_in_both_legs_on_a_phone_lead_to_emergency_care(phone, advice_texts):
    page = phone
    page.goto("/triage/")
    page.get_by_label("How bad is your back pain right now?").select_option("6")
    page.get_by_role("group", name="Can you get into your normal running stride?").get_by_label("No").check()
    page.get_by_role("group", name="Do you get a sharp, grabby pain when you move?").get_by_label("Yes").check()
    page.get_by_label("Both sides").check()
    page.get_by_label("Pain, numbness or weakness in both legs").check()
    page.get_by_role("group", name="pars defect").get_by_label("No").check()
    page.get_by_role("button", name="Check my back").click()

    expect(page.locator("#verdict")).to_have_attribute("data-verdict", "emergency")
    expect(page.get_by_role("heading", level=1)).to_have_text("Get emergency care today")
    expect(page.locator("#reasons")).to_contain_text("both legs")


@pytest.mark.django_db(transaction=True)
def test_a_missing_answer_is_marked_next_to_the_question(phone, advice_texts):
    page = phone
    page.goto("/triage/result/?pain_now=2&pain_side=left")
    expect(page.get_by_role("alert")).to_contain_text("Some answers are missing")
    expect(page.locator("#error_1_id_normal_stride, .invalid-feedback").first).to_be_visible()
