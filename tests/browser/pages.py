"""The pages the browser scans open, per role, and the axe-core scan itself (tests/browser/test_accessibility.py
and the other scans use them; tests/quality/test_vocabulary.py reads the same triage results)."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from tests.triage.formdata import with_signs

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core-4.11.0" / "axe.min.js"  # test-only, not a static file


def triage_result_url(symptoms=(), **answers) -> str:
    base = {"pain_now": 2, "normal_stride": "yes", "spasm": "no", "pain_side": "left", "pars_defect": "no"}
    return "/triage/result/?" + urlencode(with_signs({**base, **answers, "symptoms": list(symptoms)}))


TRIAGE_RESULT = triage_result_url(pain_now=4, normal_stride="no", spasm="yes", pain_side="both")
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
    triage_result_url(["both_legs"]),
    triage_result_url(["fever"]),
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
