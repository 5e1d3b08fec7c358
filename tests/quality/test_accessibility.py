"""axe-core (vendored from its npm package) run in headless Chromium on every main page, per role.

No serious or critical violations are allowed. Pages are also checked for keyboard use: every
interactive element can be reached with Tab and shows a visible focus.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import login

AXE = Path(__file__).resolve().parents[2] / "static" / "vendor" / "axe-core-4.11.0" / "axe.min.js"

ANONYMOUS_PAGES = ["/", "/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]
RUNNER_PAGES = ["/accounts/profile/", "/accounts/delete/"]
PHYSIO_PAGES = ["/accounts/profile/"]


@pytest.fixture
def axe_page(browser, live_server):
    # axe is injected as a script tag; the app's CSP (rightly) forbids that, so this context bypasses CSP.
    context = browser.new_context(base_url=live_server.url, bypass_csp=True, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def serious_violations(page, url: str) -> list[dict]:
    page.goto(url)
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
def test_runner_pages_have_no_serious_accessibility_violations(axe_page, runner):
    login(axe_page, runner)
    assert_accessible(axe_page, RUNNER_PAGES)


@pytest.mark.django_db(transaction=True)
def test_physio_pages_have_no_serious_accessibility_violations(axe_page, physio):
    login(axe_page, physio)
    assert_accessible(axe_page, PHYSIO_PAGES)


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
