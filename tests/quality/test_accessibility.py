"""axe-core (vendored from its npm package) run in headless Chromium on every main page, per role.

No serious or critical violations are allowed. Pages are also checked for keyboard use: every
interactive element can be reached with Tab and shows a visible focus.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
from playwright.sync_api import expect

from tests.triage.formdata import with_signs
from tests.utils import login

AXE = Path(__file__).resolve().parents[1] / "browser" / "vendor" / "axe-core-4.11.0" / "axe.min.js"  # test-only


def _triage(symptoms=(), **answers) -> str:
    base = {"pain_now": 2, "normal_stride": "yes", "spasm": "no", "pain_side": "left", "pars_defect": "no"}
    return "/triage/result/?" + urlencode(with_signs({**base, **answers, "symptoms": list(symptoms)}))


TRIAGE_RESULT = _triage(pain_now=4, normal_stride="no", spasm="yes", pain_side="both")
# The check's steps: the first is "/triage/"; a sign group opened to tick, a row of numbers, the age.
_BEFORE_CHECKLIST = urlencode(
    with_signs({"pain_now": 2, "normal_stride": "yes", "spasm": "no", "pain_side": "left", "pars_defect": "no"})
)
CHECK_STEPS = [
    f"/triage/?answer=checklist&open=checklist&{_BEFORE_CHECKLIST}",
    f"/triage/?step=pain_now&{urlencode(with_signs({'age': None}))}",
    f"/triage/?step=age&{_BEFORE_CHECKLIST}",
]
ANONYMOUS_PAGES = [
    "/",
    "/triage/",
    *CHECK_STEPS,
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
    "/triage/background/",
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


def serious_violations(page, url: str | None) -> list[dict]:
    """axe's serious and critical findings on ``url`` (None: the page as it is)."""
    if url is not None:
        visit(page, url)
    page.add_script_tag(path=str(AXE))
    # WCAG 2.5.3 (an accessible name contains the visible label) is an experimental axe rule, off by default.
    options = "{resultTypes: ['violations'], rules: {'label-content-name-mismatch': {enabled: true}}}"
    result = page.evaluate(f"async () => await axe.run(document, {options})")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def assert_accessible(page, urls: list[str]) -> None:
    problems = {url: found for url in urls if (found := serious_violations(page, url))}
    assert not problems, json.dumps(problems, indent=2)


def test_the_scan_fails_a_control_whose_name_does_not_contain_its_visible_label(axe_page):
    # WCAG 2.5.3: what a speech user says ("Stop access") must be part of the name ("Stop … seeing my journal").
    axe_page.set_content(
        '<main><h1>Care team</h1><button aria-label="End sharing with Dr Pat">Stop access</button></main>'
    )
    assert "label-content-name-mismatch" in [v["id"] for v in serious_violations(axe_page, None)]


@pytest.mark.django_db(transaction=True)
def test_anonymous_pages_have_no_serious_accessibility_violations(axe_page):
    assert_accessible(axe_page, ANONYMOUS_PAGES)


def _pages_of_one_record(runner) -> list[str]:
    """The pages that show one record: a logged day, a run, its check-in question and an import."""
    import datetime as dt

    from django.utils import timezone

    from journal.models import Entry, ImportJob, TrainingSession
    from monitoring.models import CheckIn

    entry = Entry.objects.filter(runner=runner).latest("day")
    session = TrainingSession.objects.filter(runner=runner).latest("day")
    checkin = CheckIn.objects.create(
        runner=runner, session=session, run_day=session.day, due_at=timezone.now() - dt.timedelta(hours=1)
    )
    job = ImportJob.objects.create(runner=runner, kind=ImportJob.Kind.CSV, status=ImportJob.Status.DONE)
    return [
        f"/journal/entries/{entry.day.isoformat()}/",
        f"/journal/sessions/{session.pk}/",
        f"/flags/checkins/{checkin.pk}/",
        f"/journal/import/jobs/{job.public_id}/",
    ]


@pytest.mark.django_db(transaction=True)
def test_runner_pages_have_no_serious_accessibility_violations(axe_page, runner, lived_in):
    login(axe_page, runner)
    assert_accessible(axe_page, RUNNER_PAGES + _pages_of_one_record(runner))


@pytest.mark.django_db(transaction=True)
def test_physio_pages_have_no_serious_accessibility_violations(axe_page, physio, lived_in):
    login(axe_page, physio)
    client_url = f"/clinic/clients/{lived_in.public_id}/"
    assert_accessible(axe_page, ["/clinic/", client_url, f"{client_url}report/", "/accounts/profile/"])


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("template", ["403.html", "429.html", "500.html"])
def test_the_error_pages_have_no_serious_accessibility_violations(axe_page, template):
    # 404 is scanned as a page above; these are rendered as the handlers render them, on our origin, with
    # our styles, and scanned as they are.
    from django.template.loader import render_to_string

    axe_page.goto("/offline/")
    axe_page.set_content(render_to_string(template))
    assert axe_page.locator("h1").count() == 1
    problems = serious_violations(axe_page, None)
    assert not problems, json.dumps(problems, indent=2)


def _contrast(a: list[float], b: list[float]) -> float:
    def luminance(rgb):
        channels = [c / 255 for c in rgb[:3]]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.django_db(transaction=True)
def test_form_controls_have_outlines_of_3_to_1_against_the_page(axe_page):
    # WCAG 1.4.11 (non-text contrast), which axe does not check: radios, checkboxes, inputs and selects.
    axe_page.goto(CHECK_STEPS[-1])  # the check's last step: its answer buttons, tick boxes and radios
    colours = axe_page.evaluate(
        """() => ['input.form-check-input[type=radio]', 'input.form-check-input[type=checkbox]',
                  '.check-choices .btn', 'input.form-control', 'select.form-select']
            .map((selector) => document.querySelector(selector))
            .filter(Boolean)
            .map((el) => [getComputedStyle(el).borderTopColor, getComputedStyle(document.body).backgroundColor])"""
    )
    assert len(colours) >= 2, colours
    for border, background in colours:
        numbers = [[float(n) for n in re.findall(r"[\d.]+", colour)] for colour in (border, background)]
        assert _contrast(*numbers) >= 3, (border, background)


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
