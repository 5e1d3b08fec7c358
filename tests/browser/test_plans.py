"""In headless Chromium: a runner on a 390x844 phone starts a plan from a result and logs a session in two
taps; a physio at a desk edits the client's plan."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from playwright.sync_api import expect

from journal.models import TrainingSession
from plans.models import ExerciseTick, Plan, StageTemplate
from plans.services import plan_start
from tests.factories import CareLinkFactory
from tests.triage.formdata import with_signs
from tests.utils import login

WALK_INSTEAD = "/triage/result/?" + urlencode(
    with_signs({"pain_now": "5", "normal_stride": "no", "spasm": "no", "pain_side": "left", "pars_defect": "no"})
)


@pytest.fixture
def every_day_walks(transactional_db):
    # Stage 1 walks on six days; make it seven so that today has a session whatever the weekday.
    StageTemplate.objects.filter(number=1).update(days=list(range(7)))


@pytest.mark.django_db(transaction=True)
def test_a_runner_starts_a_plan_from_a_result_and_logs_a_session_in_two_taps(
    phone, runner, every_day_walks, monkeypatch
):
    monkeypatch.setattr("monitoring.queueing.queue_runner_check", lambda runner_id: None)  # no broker needed here
    page = phone
    login(page, runner)
    page.goto(WALK_INSTEAD)
    expect(page.locator("#verdict")).to_have_attribute("data-verdict", "walk_instead")
    page.get_by_role("button", name="Start a return-to-run plan").click()

    card = page.get_by_role("region", name="This week")
    expect(card).to_contain_text("Stage 1 of 10: Walks")
    expect(card).to_contain_text("Walk 30 min at a comfortable pace")
    assert Plan.objects.get(runner=runner).stage == 1

    # Two taps: the pain during, then how it went.
    card.locator("label[for=plan-pain-2]").click()
    card.get_by_role("button", name="Done as planned").click()
    expect(page.get_by_role("region", name="This week")).to_contain_text("Done and logged.")
    session = TrainingSession.objects.get(runner=runner)
    assert (session.session_type, session.pain_during, session.duration_s) == ("walk", 2, 1800)

    # Fits the phone: no sideways scrolling, and every target in the card is at least 44 px.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    expect(page.locator("#plan-decision")).to_contain_text("Do 1 more session of this stage")


@pytest.mark.django_db(transaction=True)
def test_a_runner_ticks_off_an_exercise_in_one_tap_on_a_phone(phone, runner, every_day_walks):
    plan_start(runner=runner, actor=runner, likely_cause="stiff_hip")
    login(phone, runner)
    phone.goto("/journal/")
    exercises = phone.locator("#plan-exercises")
    expect(exercises).to_contain_text("This week so far: 0 of 2 exercises done.")
    button = exercises.get_by_role("button", name="Walking lunge")
    box = button.bounding_box()
    assert box["height"] >= 44
    assert box["x"] + box["width"] <= 390
    button.click()
    expect(phone.locator("#plan-exercises")).to_contain_text("This week so far: 1 of 2 exercises done.")
    assert ExerciseTick.objects.get().prescription.exercise.slug == "walking-lunge"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390


@pytest.mark.django_db(transaction=True)
def test_the_log_buttons_are_thumb_sized_and_fit_a_phone(phone, runner, every_day_walks):
    plan_start(runner=runner, actor=runner)
    login(phone, runner)
    phone.goto("/journal/")
    form = phone.locator("#plan-log-form")
    expect(form).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    for target in [form.locator("label[for=plan-pain-10]"), *form.get_by_role("button").all()]:
        box = target.bounding_box()
        assert box["height"] >= 44, box
        assert box["width"] >= 44, box
        assert box["x"] >= 0, box
        assert box["x"] + box["width"] <= 390, box


@pytest.mark.django_db(transaction=True)
def test_a_physio_edits_a_clients_plan_at_a_desk(desk, runner, physio):
    link = CareLinkFactory(runner=runner, physio=physio)
    plan_start(runner=runner, actor=runner)
    login(desk, physio)
    desk.goto(f"/clinic/clients/{link.public_id}/")
    desk.get_by_role("link", name="Return-to-run plan").click()
    expect(desk.get_by_role("heading", name="Return-to-run plan: Robin Runner")).to_be_visible()
    form = desk.locator("#plan-edit-form")
    form.get_by_label("Stage", exact=True).select_option("3")
    form.get_by_label("Hold on this stage (do not move on)").check()
    form.get_by_label("Note to the runner").fill("Stay at 2:1 until we meet")
    form.get_by_role("button", name="Save the plan").click()
    expect(desk.get_by_role("status")).to_contain_text("The plan is saved.")
    expect(desk.locator("#plan-decision")).to_contain_text("Your physio asked you to stay on this stage for now.")
    plan = Plan.objects.get(runner=runner)
    assert (plan.stage, plan.hold, plan.physio_note) == (3, True, "Stay at 2:1 until we meet")


@pytest.mark.django_db(transaction=True)
def test_the_card_and_the_physio_plan_page_have_no_serious_accessibility_violations(
    browser, live_server, runner, physio, every_day_walks
):
    from tests.browser.pages import assert_accessible

    link = CareLinkFactory(runner=runner, physio=physio)
    plan_start(runner=runner, actor=runner)
    for user, url in ((runner, "/journal/"), (physio, f"/plans/clients/{link.public_id}/")):
        context = browser.new_context(base_url=live_server.url, bypass_csp=True, viewport={"width": 390, "height": 844})
        page = context.new_page()
        try:
            login(page, user)
            assert_accessible(page, [url])
        finally:
            context.close()


@pytest.mark.django_db(transaction=True)
def test_a_physio_downloads_a_visit_report_with_a_chosen_note_at_a_desk(desk, runner, physio):
    import datetime as dt

    from pypdf import PdfReader

    from clinic.services import note_add

    link = CareLinkFactory(runner=runner, physio=physio)
    plan_start(runner=runner, actor=runner)
    note_add(physio=physio, link=link, body="Hip flexors tight on the left")
    note_add(physio=physio, link=link, body="Discussed sleep and stress at work")
    today = runner.local_today()
    login(desk, physio)
    desk.goto(f"/plans/clients/{link.public_id}/")
    form = desk.locator("#report-form")
    form.get_by_label("Report from").fill((today - dt.timedelta(days=27)).isoformat())
    form.get_by_label("to", exact=True).fill(today.isoformat())
    form.get_by_role("button", name="Visit report: choose notes").click()
    notes = desk.locator("#report-notes")
    expect(notes).to_contain_text("Hip flexors tight on the left")
    notes.get_by_label("Hip flexors tight on the left", exact=False).check()
    with desk.expect_download() as info:
        desk.get_by_role("button", name="Download visit report (PDF)").click()
    path = info.value.path()
    text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    assert "Visit report: Robin Runner" in text
    assert "Hip flexors tight on the left" in text
    assert "Discussed sleep" not in text
