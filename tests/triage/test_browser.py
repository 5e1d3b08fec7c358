"""The triage check on a phone (390 x 844), in a real browser."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from triage.codes import SIGN_GROUPS


def answer_back(page, *, pain: str, stride: str, spasm: str, side: str) -> None:
    page.get_by_label("How bad is your back pain right now?").select_option(pain)
    page.get_by_role("group", name="Can you get into your normal running stride?").get_by_label(stride).check()
    page.get_by_role("group", name="Does your back catch or grab sharply when you move?").get_by_label(spasm).check()
    page.get_by_label(side, exact=True).check()
    page.get_by_role("group", name="pars defect").get_by_label("No").check()
    page.get_by_label("How old are you?").select_option(label="18 to 40")


def answer_signs(page, yes=(), skip_group: str | None = None) -> None:
    """'None of these' for every group (but `skip_group`), then Yes to the signs in `yes`."""
    for group, _heading, _codes in SIGN_GROUPS:
        if group != skip_group:
            page.locator(f"#id_none_{group}").check()
    for code in yes:
        page.locator(f"input[name={code}][value=yes]").check()


@pytest.mark.django_db(transaction=True)
def test_a_runner_on_a_phone_answers_the_questions_and_reads_the_verdict(phone):
    page = phone
    page.goto("/triage/")
    answer_back(page, pain="4", stride="Yes", spasm="No", side="Right side")
    answer_signs(page)
    page.get_by_label("Running faster than usual").check()
    rows = page.locator("#triage-form .form-check").evaluate_all("els => els.map(e => e.offsetHeight)")
    assert min(rows) >= 44, "every answer is a thumb-sized touch target"
    page.get_by_role("button", name="Check my back").click()

    expect(page).to_have_url(re.compile(r"/triage/result/\?"))
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
    # Printed, the page keeps the answer, the date and every answer, and drops the buttons and the menu.
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Print")).to_be_hidden()
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("#printed-answers")).to_be_visible()
    expect(page.locator("#printed-answers")).to_contain_text("Run, but keep it easy")
    expect(page.locator("#printed-answers")).to_contain_text("4 out of 10")


@pytest.mark.django_db(transaction=True)
def test_the_form_cannot_be_sent_with_a_warning_sign_question_unanswered(phone):
    page = phone
    page.goto("/triage/")
    answer_back(page, pain="2", stride="Yes", spasm="No", side="Left side")
    answer_signs(page, skip_group="legs")
    for code in ("leg_pain", "leg_neuro", "both_legs"):
        page.locator(f"input[name={code}][value=no]").check()
    # leg_weakness_worsening is left unanswered.
    page.get_by_role("button", name="Check my back").click()
    # The browser refuses to send a form with an invalid control (no sleep needed to see that it stayed).
    assert page.locator("#triage-form").evaluate("form => !form.checkValidity()")
    assert page.url.endswith("/triage/"), "the browser refuses to send the form"
    unanswered = page.locator("input[name=leg_weakness_worsening][value=no]")
    assert unanswered.evaluate("el => !el.validity.valid")
    # Answering it (here by 'None of these') lets the form go.
    page.locator("#id_none_legs").check()
    page.get_by_role("button", name="Check my back").click()
    expect(page.locator("#verdict")).to_have_attribute("data-verdict", "easy_run")


@pytest.mark.django_db(transaction=True)
def test_an_emergency_result_has_a_tel_link_and_nothing_that_distracts_from_getting_care(phone):
    page = phone
    page.goto("/triage/")
    answer_back(page, pain="6", stride="No", spasm="Yes", side="Both sides")
    answer_signs(page, yes=["both_legs", "fever"])
    page.get_by_label("Running further than usual").check()
    page.get_by_role("button", name="Check my back").click()

    expect(page.locator("#verdict")).to_have_attribute("data-verdict", "emergency")
    expect(page.get_by_role("heading", level=1)).to_have_text("Get emergency care now")
    expect(page.locator("#reasons")).to_contain_text("both legs")
    call = page.locator('a[href="tel:999"]')
    expect(call).to_be_visible()
    expect(call).to_contain_text("999")
    assert call.bounding_box()["height"] >= 44
    assert page.locator('a[href="tel:111"]').count() == 0, "NHS 111 is not an emergency line"
    text = page.locator("main").inner_text().lower()
    for excluded in ("likely cause", "when to get help", "worth knowing", "common", "sign up", "fartlek", "lunges"):
        assert excluded not in text, excluded
    assert page.locator("[data-advice-code^=cause_], [data-advice-code^=advice_]").count() == 0
