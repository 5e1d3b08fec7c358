"""The runner's dashboard on a 390x844 phone (issue 15 §1): status, "This week" and the chart come within two
screen heights; no page scrolls sideways; one tap saves today's pain and "Undo" puts the previous value back;
a new runner gets a first-week guide; the plans pages (with a plan, sessions, exercises and ratings) stack their
tables too; axe finds no serious or critical violation. Also takes the screenshots
docs/img/dashboard-phone.png and docs/img/client-desktop.png (demo data; written there with
UPDATE_SCREENSHOTS=1)."""

from __future__ import annotations

import datetime as dt
import importlib
import io
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.models import CareLink, User
from journal.models import Entry
from plans import services as plan_services
from plans.models import Review
from tests.browser.pages import AXE, RUNNER_PAGES, assert_accessible
from tests.factories import TEST_PASSWORD, CareLinkFactory, EntryFactory, FlagFactory
from tests.utils import PAGE_TIMEOUT_MS, login

DOCS_IMG = Path(__file__).resolve().parents[2] / "docs" / "img"


@pytest.fixture
def img(tmp_path) -> Path:
    """Where the screenshots go: docs/img/ with UPDATE_SCREENSHOTS=1 set, else a temporary folder (so that
    an ordinary test run leaves the committed pictures alone)."""
    folder = DOCS_IMG if os.environ.get("UPDATE_SCREENSHOTS") == "1" else tmp_path
    folder.mkdir(exist_ok=True)
    return folder


SCREEN = 844


@pytest.fixture
def demo(db, monkeypatch):
    """The demo data of `manage.py seed_demo`, with the demo runner's and physio's passwords known."""
    monkeypatch.setattr("monitoring.queueing.queue_runner_check", lambda runner_id: None)
    call_command("seed_demo", stdout=io.StringIO())
    people = {}
    for role, email in (("runner", "runner@demo.backtrack.local"), ("physio", "physio@demo.backtrack.local")):
        user = User.objects.get(email=email)
        user.set_password(TEST_PASSWORD)
        user.save(update_fields=["password"])
        people[role] = user
    people["link"] = CareLink.objects.get(runner=people["runner"], physio=people["physio"])
    # The demo runner is recovering and the rules rightly flag nothing; today she logs pain down her leg,
    # and the real scan opens "Leg symptoms logged" (a flag with evidence, for the pages to show).
    from monitoring.scan import scan_batch

    runner = people["runner"]
    Entry.objects.filter(runner=runner, day=runner.local_today()).update(symptoms=["leg_pain"])
    assert [kind for _, kind in scan_batch(runner_ids=[runner.pk], notify=False).opened_kinds] == ["leg_symptoms"]
    return people


def top_and_bottom(page, selector: str) -> tuple[float, float]:
    """Where an element starts and ends, in pixels from the top of the page (not of the viewport)."""
    return page.locator(selector).first.evaluate(
        "(el) => { const r = el.getBoundingClientRect(); return [r.top + scrollY, r.bottom + scrollY]; }"
    )


def assert_no_sideways_scroll(page, url: str) -> None:
    page.goto(url)
    assert urlsplit(page.url).path == urlsplit(url).path, f"{url} ended at {page.url}"  # the page meant
    widths = page.evaluate("() => [document.documentElement.scrollWidth, document.body.scrollWidth, innerWidth]")
    assert max(widths[0], widths[1]) <= widths[2], f"{url} scrolls sideways: {widths}"
    # Tables inside a scrolling wrapper would not widen the page: they must fit their wrapper too.
    overflowing = page.evaluate(
        """() => [...document.querySelectorAll('table.bt-stack')]
                .filter((t) => t.getBoundingClientRect().width > t.parentElement.clientWidth + 1)
                .map((t) => t.id || t.className)"""
    )
    assert overflowing == [], f"{url}: tables wider than the screen: {overflowing}"


@pytest.mark.django_db(transaction=True)
def test_status_this_week_and_the_chart_come_first_and_no_page_scrolls_sideways(phone, demo, img):
    page = phone
    login(page, demo["runner"])
    page.goto("/journal/")
    expect(page.locator("#trends-chart")).to_be_visible()
    # Status (the open flags of the demo runner), then the pain row on the first screen, then This week and
    # the chart.
    order = ["#open-flags", "#quick-pain-form", "#plan", "#trends-chart"]
    boxes = [top_and_bottom(page, selector) for selector in order]
    assert [top for top, _ in boxes] == sorted(top for top, _ in boxes), boxes
    numbers = top_and_bottom(page, "#quick-pain-form [role=radiogroup]")
    assert numbers[1] <= SCREEN, f"the pain numbers end at {numbers[1]} px"
    # A run is logged after the chart, from a form folded until tapped; history after that.
    assert top_and_bottom(page, "#run-details")[0] > boxes[-1][1]
    # The chart is drawn when it comes near the screen, in the space kept for it: nothing below it moves
    # (a tap aimed at "Log a run" while the page jumped would land elsewhere).
    run_top = top_and_bottom(page, "#run-details")[0]
    page.locator("#trends-chart").scroll_into_view_if_needed()
    page.wait_for_function("() => window.Chart && Chart.getChart(document.getElementById('trends-chart'))")
    assert abs(top_and_bottom(page, "#run-details")[0] - run_top) <= 1, "the page moved when the chart was drawn"
    expect(page.locator("#quick-session-form")).to_be_hidden()
    page.get_by_text("Log a run or workout").click()
    expect(page.locator("#quick-session-form")).to_be_visible()
    page.locator("#history").scroll_into_view_if_needed()  # the history is fetched when scrolled to
    expect(page.locator("#weekly-table")).to_be_attached()
    assert top_and_bottom(page, "#weekly-table")[0] > top_and_bottom(page, "#quick-session-form")[1]

    # The weekly table is a stack of cards: each cell says what it holds.
    first_week = page.locator("#weekly-table tbody tr").first
    assert first_week.locator("td").first.evaluate("(td) => getComputedStyle(td, '::before').content") == '"Sessions"'
    assert page.locator("#weekly-table thead").bounding_box()["height"] <= 1

    page.evaluate("() => scrollTo(0, 0)")
    page.screenshot(path=str(img / "dashboard-phone.png"))

    logged_day = Entry.objects.filter(runner=demo["runner"]).latest("day").day
    # The pages the accessibility scan opens for a runner (the demo runner has logged today, so the new
    # entry form is opened for a day not logged), and more.
    for url in [
        *(url for url in RUNNER_PAGES if url != "/journal/entries/new/"),
        f"/journal/entries/{logged_day.isoformat()}/",
        f"/journal/entries/new/?day={(logged_day - dt.timedelta(days=400)).isoformat()}",
        "/triage/",
        "/accounts/email/",
        "/accounts/2fa/",
        "/offline/",
        "/no-such-page/",
    ]:
        assert_no_sideways_scroll(page, url)
    page.context.clear_cookies()
    for url in ("/", "/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"):
        assert_no_sideways_scroll(page, url)
    # The longest flag labels, open on the caseload (a badge does not wrap by default in Bootstrap).
    for kind in ("emergency_symptoms", "serious_cause_signs", "not_settling_24h"):
        FlagFactory(runner=demo["runner"], kind=kind, severity="urgent")
    # And words longer than the screen is wide, in a name and a note (what the fields allow).
    User.objects.filter(pk=demo["runner"].pk).update(display_name="Robin" + "R" * 75)
    Entry.objects.filter(runner=demo["runner"], day=logged_day).update(notes="x" * 300)
    login(page, demo["physio"])
    client_url = f"/clinic/clients/{demo['link'].public_id}/"
    for url in ("/clinic/", client_url, f"{client_url}report/", f"/plans/clients/{demo['link'].public_id}/"):
        assert_no_sideways_scroll(page, url)
    expect(page.locator("table.caseload")).to_have_count(0)  # (on the client page now)
    page.goto("/clinic/")
    cell = page.locator("table.caseload tbody tr").first.locator("td[data-label='Open flags']")
    assert cell.evaluate("(td) => getComputedStyle(td, '::before').content") == '"Open flags"'


@pytest.mark.django_db(transaction=True)
def test_one_tap_saves_todays_pain_with_the_side_and_undo_puts_the_previous_value_back(phone, runner, monkeypatch):
    monkeypatch.setattr("monitoring.queueing.queue_runner_check", lambda runner_id: None)
    EntryFactory(runner=runner, day=runner.local_today(), pain=2, pain_side="left", notes="kept")
    page = phone
    login(page, runner)
    page.goto("/journal/")
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url) if r.method == "POST" else None)

    page.get_by_label("Where?").select_option("right")
    page.locator("label[for=id_pain_6]").click()  # the only tap: no "Save" press
    expect(page.get_by_text("Today's back pain is logged: 6 out of 10.")).to_be_visible()
    assert [url.rsplit("/journal", 1)[1] for url in requests] == ["/today/pain/"]
    assert Entry.objects.filter(runner=runner).values_list("pain", "pain_side").get() == (6, "right")
    expect(page.get_by_label("Where?")).to_have_value("right")  # the side just saved, not "Not recorded"
    expect(page.locator("#id_pain_6")).to_be_checked()

    undo = page.locator("#quick-pain-undo").get_by_role("button", name="Undo")
    expect(undo).to_be_in_viewport()  # the page comes back at the Today card
    undo.click()
    expect(page.get_by_text("Undone: today's back pain is back to 2 out of 10.")).to_be_visible()
    assert Entry.objects.filter(runner=runner).values_list("pain", "pain_side", "notes").get() == (2, "left", "kept")
    expect(page.locator("#id_pain_2")).to_be_checked()
    expect(page.get_by_label("Where?")).to_have_value("left")
    expect(page.locator("#quick-pain-undo")).to_have_count(0)


@pytest.mark.django_db(transaction=True)
def test_a_new_runner_gets_a_first_week_guide_instead_of_empty_tables(phone, runner):
    page = phone
    login(page, runner)
    page.goto("/journal/")
    guide = page.get_by_role("region", name="Your first week with Backtrack")
    expect(guide).to_be_visible()
    expect(guide).to_contain_text("Each day, tap how your back feels")
    for absent in ("#weekly-table", "#pain-calendar", "#trends-chart"):
        expect(page.locator(absent)).to_have_count(0)
    expect(page.get_by_text("Nothing logged")).to_have_count(0)
    assert top_and_bottom(page, "#first-week")[1] <= 2 * SCREEN
    assert_no_sideways_scroll(page, "/journal/")


@pytest.mark.django_db(transaction=True)
def test_the_dashboard_has_no_serious_violations_with_data_after_a_tap_and_when_new(axe_page, demo, runner):
    login(axe_page, demo["runner"])
    assert_accessible(axe_page, ["/clinic/care-team/", "/journal/"])
    axe_page.locator("label[for=id_pain_3]").click()
    expect(axe_page.locator("#quick-pain-undo")).to_be_visible()
    axe_page.get_by_text("Log a run or workout").click()  # the opened disclosure too
    axe_page.evaluate("() => Promise.all(document.getAnimations().map((a) => a.finished))")  # as it settles
    axe_page.add_script_tag(path=str(AXE))
    result = axe_page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    assert [v["id"] for v in result["violations"] if v["impact"] in ("serious", "critical")] == []
    axe_page.context.clear_cookies()
    login(axe_page, runner)  # nothing logged: the first-week guide
    assert_accessible(axe_page, ["/journal/"])
    axe_page.context.clear_cookies()
    login(axe_page, demo["physio"])
    assert_accessible(axe_page, ["/clinic/", f"/clinic/clients/{demo['link'].public_id}/"])


@pytest.mark.django_db(transaction=True)
def test_screenshot_of_the_physio_client_page_on_a_desktop(browser, live_server, demo, img):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    try:
        login(page, demo["physio"])
        page.goto(f"/clinic/clients/{demo['link'].public_id}/")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Robin Runner")
        page.screenshot(path=str(img / "client-desktop.png"))
    finally:
        context.close()


@pytest.mark.django_db(transaction=True)
def test_a_refused_flag_note_shows_its_error_on_the_client_page_at_its_own_address(phone, demo):
    page = phone
    login(page, demo["physio"])
    client_url = f"/clinic/clients/{demo['link'].public_id}/"
    page.goto(client_url)
    # The page leads with the flags, then the notes and messages, then the chart and the journal.
    tops = [top_and_bottom(page, selector)[0] for selector in ("#flags", "#notes", "#messages", "#trends-chart")]
    assert tops == sorted(tops), tops
    card = page.locator("#flags .card").filter(has=page.get_by_role("button", name="Acknowledge")).first
    card_id = card.get_attribute("id")
    card.get_by_role("button", name="Acknowledge").click()
    expect(page.locator(f"#{card_id} .invalid-feedback")).to_contain_text("Write a note first")
    # page-url.js puts the page's own address back after the error shows: wait for it, never read page.url bare.
    expect(page).to_have_url(re.compile(re.escape(f"{client_url}#{card_id}") + "$"))
    response = page.reload()
    assert (response.request.method, response.status) == ("GET", 200)
    expect(page.locator(f"#{card_id}")).to_be_visible()


@pytest.fixture
def plan_content(transactional_db):
    """The stages and exercises the data migrations load (an earlier transactional test's flush removed them)."""
    from django.apps import apps

    importlib.import_module("plans.migrations.0002_initial_stages").load_stages(apps, None)
    importlib.import_module("plans.migrations.0009_stage_first_versions").published_from_saved(apps, None)
    importlib.import_module("plans.migrations.0004_initial_exercises").load_exercises(apps, None)


def assert_stacked(page, table: str, first_label: str) -> None:
    """Below 576 px the table is a stack of cards: no visible header row, each cell named by its data-label."""
    assert page.locator(f"{table} thead").bounding_box()["height"] <= 1, f"{table}: header row still shown"
    cell = page.locator(f"{table} tbody tr").first.locator("td").first
    assert cell.evaluate("(td) => getComputedStyle(td, '::before').content") == f'"{first_label}"', table


@pytest.mark.django_db(transaction=True)
def test_the_plans_pages_stack_their_tables_and_do_not_scroll_sideways_on_a_phone(
    phone, runner, physio, plan_content, monkeypatch
):
    monkeypatch.setattr("monitoring.queueing.queue_runner_check", lambda runner_id: None)
    link = CareLinkFactory(runner=runner, physio=physio)
    since = runner.local_today() - dt.timedelta(days=15)
    plan = plan_services.plan_start(runner=runner, actor=physio, stage=3, since=since, likely_cause="stiff_hip")
    plan_services.plan_log(plan=plan, outcome="done", pain_during=2)  # a session the rule judges
    Review.objects.create(plan=plan, day=since, activities=[{"name": "Running downhill", "score": 4}])
    Review.objects.create(
        plan=plan, day=since + dt.timedelta(days=14), activities=[{"name": "Running downhill", "score": 7}], groc=2
    )

    page = phone
    login(page, runner)
    for url in ("/journal/", "/plans/review/"):
        assert_no_sideways_scroll(page, url)
    page.context.clear_cookies()
    login(page, physio)
    url = f"/plans/clients/{link.public_id}/"
    assert_no_sideways_scroll(page, url)
    for table, first_label in (
        ("#judged-sessions", "Pain during"),
        ("#prescriptions", "Dose"),
        ("#adherence", "Done"),
        ("#ratings", "Activities"),
    ):
        expect(page.locator(f"{table} tbody tr").first).to_be_visible()
        assert_stacked(page, table, first_label)
    # Each exercise is a card of its own, with its "Stop" button inside the screen.
    stop = page.locator("#prescriptions").get_by_role("button", name="Stop Walking lunge")
    box = stop.bounding_box()
    assert box["x"] >= 0, box
    assert box["x"] + box["width"] <= 390, box
