"""axe-core (vendored from its npm package) run in headless Chromium on every main page, per role.

No serious or critical violations are allowed. Pages are also checked for keyboard use: every
interactive element can be reached with Tab and shows a visible focus.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
from playwright.sync_api import expect

from tests.conftest import login
from tests.triage.formdata import with_signs

AXE = Path(__file__).resolve().parents[2] / "static" / "vendor" / "axe-core-4.11.0" / "axe.min.js"


def _triage(symptoms=(), **answers) -> str:
    base = {"pain_now": 2, "normal_stride": "yes", "spasm": "no", "pain_side": "left", "pars_defect": "no"}
    return "/triage/result/?" + urlencode(with_signs({**base, **answers, "symptoms": list(symptoms)}))


TRIAGE_RESULT = _triage(pain_now=4, normal_stride="no", spasm="yes", pain_side="both")
ANONYMOUS_PAGES = [
    "/",
    "/triage/",
    TRIAGE_RESULT,
    _triage(["both_legs"]),
    _triage(["fever"]),
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
]
RUNNER_PAGES = [
    "/journal/",
    "/journal/entries/",
    "/journal/entries/new/",
    "/journal/sessions/new/",
    "/journal/data/",
    "/journal/import/csv/",
    "/journal/import/watch/",
    "/flags/",
    "/clinic/care-team/",
    TRIAGE_RESULT,
    "/accounts/profile/",
    "/accounts/delete/",
]


@pytest.fixture
def lived_in(runner, physio):
    """A runner with a few weeks of entries and runs, an open flag and a linked physio."""
    import datetime as dt

    from django.utils import timezone

    from tests.factories import CareLinkFactory, EntryFactory, FlagFactory, TrainingSessionFactory

    today = timezone.localdate()
    for days_ago in range(1, 29):
        day = today - dt.timedelta(days=days_ago)
        EntryFactory(runner=runner, day=day, pain=days_ago % 6, pain_side="left")
        if days_ago % 2:
            TrainingSessionFactory(runner=runner, day=day, distance_m=5000 + days_ago * 150)
    FlagFactory(runner=runner, kind="night_pain", severity="review")
    return CareLinkFactory(runner=runner, physio=physio)


@pytest.fixture
def axe_page(browser, live_server):
    # axe is injected as a script tag; the app's CSP (rightly) forbids that, so this context bypasses CSP.
    context = browser.new_context(base_url=live_server.url, bypass_csp=True, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


# Pages scanned on purpose for their error page, with the status they must answer.
ERROR_PAGES = {"/no-such-page/": 404}


def visit(page, url: str) -> None:
    """Opens ``url`` and checks it is the page asked for: 200 (or the error page's status), not redirected."""
    response = page.goto(url)
    assert response is not None, f"{url} gave no response"
    expected = ERROR_PAGES.get(url, 200)
    assert response.status == expected, f"{url} answered {response.status}, not {expected}"
    reached = urlsplit(page.url)
    assert reached.path + (f"?{reached.query}" if reached.query else "") == url, f"{url} ended at {page.url}"


def serious_violations(page, url: str) -> list[dict]:
    visit(page, url)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def assert_accessible(page, urls: list[str]) -> None:
    problems = {url: found for url in urls if (found := serious_violations(page, url))}
    assert not problems, json.dumps(problems, indent=2)


@pytest.mark.django_db(transaction=True)
def test_anonymous_pages_have_no_serious_accessibility_violations(axe_page):
    assert_accessible(axe_page, ANONYMOUS_PAGES)


@pytest.mark.django_db(transaction=True)
def test_runner_pages_have_no_serious_accessibility_violations(axe_page, runner, lived_in):
    login(axe_page, runner)
    assert_accessible(axe_page, RUNNER_PAGES)


@pytest.mark.django_db(transaction=True)
def test_physio_pages_have_no_serious_accessibility_violations(axe_page, physio, lived_in):
    login(axe_page, physio)
    assert_accessible(axe_page, ["/clinic/", f"/clinic/clients/{lived_in.public_id}/", "/accounts/profile/"])


@pytest.mark.django_db(transaction=True)
def test_the_home_page_works_by_keyboard_alone(axe_page):
    page = axe_page
    page.goto("/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content"
    page.keyboard.press("Enter")
    # Tab on to the main call to action and follow it with Enter.
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Check my back now":
            break
    else:
        pytest.fail("The main call to action cannot be reached by keyboard")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


@pytest.mark.django_db(transaction=True)
def test_a_runner_logs_todays_pain_by_keyboard_alone(axe_page, runner):
    from journal.models import Entry

    page = axe_page
    login(page, runner)
    page.goto("/journal/")
    # Tab from the top of the page until the pain scale has focus, pick 3 with the arrow keys, save with Enter.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "pain":
            break
    else:
        pytest.fail("The pain scale cannot be reached by keyboard")
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.value") == "3"
    for _ in range(10):
        page.keyboard.press("Tab")
        if "Save today" in page.evaluate("document.activeElement.textContent"):
            break
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").first).to_contain_text("3 out of 10")
    assert Entry.objects.get(runner=runner).pain == 3
