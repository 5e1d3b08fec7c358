"""A realistic mix for Backtrack: runners log a day and a run, open the dashboard and journal, take triage;
visitors without an account take triage; physios open the caseload and a client. Run through scripts/loadtest.py, which starts the production stack."""

from __future__ import annotations

import datetime as dt
import itertools
import os
import random
import re

from locust import HttpUser, between, task

from triage.codes import SIGN_GROUPS  # the form's warning-sign questions; importable without Django settings

PASSWORD = "loadtest-password-123"  # noqa: S105 - throwaway load-test accounts
RUNNER_IDS = itertools.count()
PHYSIO_IDS = itertools.count()
NO_WARNING_SIGNS = "&".join(f"{code}=no" for _group, _heading, codes in SIGN_GROUPS for code in codes)
TRIAGE_QUERIES = [  # every question answered, as the form sends them (an incomplete one is a 400)
    f"pain_now=3&normal_stride=yes&spasm=no&pain_side=left&{NO_WARNING_SIGNS}&pars_defect=no&age=18",
    f"pain_now=6&normal_stride=no&spasm=yes&pain_side=both&{NO_WARNING_SIGNS}&pars_defect=no&age=41",
    f"pain_now=0&normal_stride=yes&spasm=no&pain_side=none&{NO_WARNING_SIGNS}&pars_defect=no&age=18",
]


def post_then_follow(client, url: str, data: dict, name: str, then: str) -> None:
    """POST a form, time the POST alone, then load the page it redirects to as its own request.

    Following the redirect inside the POST would bill the next page's time to the form; each page is
    measured under its own name instead, and the user still loads both, as a browser does.
    """
    with client.post(
        url, data, headers={"Referer": client.base_url + url}, name=name, allow_redirects=False, catch_response=True
    ) as response:
        if response.status_code != 302:
            response.failure(f"{name}: expected a redirect after a valid form, got {response.status_code}")
            return
    client.get(response.headers["Location"], name=then)


def login(client, email: str) -> None:
    # Setup, once per simulated user before the mix starts: reported apart from the mix (see scripts/loadtest.py).
    page = client.get("/accounts/login/", name="setup: login form")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = client.post(
        "/accounts/login/",
        {"login": email, "password": PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Referer": client.base_url + "/accounts/login/"},
        name="setup: login",
        allow_redirects=False,
    )
    assert response.status_code == 302, f"login failed for {email}"
    assert "/accounts/login/" not in response.headers["Location"], f"login failed for {email}"


def varied_triage_query() -> str:
    """A visitor's answers, drawn from the usual ones (no warning sign; pain, side, stride, spasm, a pars
    defect, an age (the form asks it, by band)): thousands of different result pages, as real visitors ask."""
    age = random.choice(["17", "18", "41", "50", "70"])
    return (
        f"pain_now={random.randint(0, 10)}&normal_stride={random.choice(['yes', 'no'])}"
        f"&spasm={random.choice(['yes', 'no'])}&pain_side={random.choice(['left', 'right', 'both', 'centre', 'none'])}"
        f"&{NO_WARNING_SIGNS}&pars_defect={random.choice(['yes', 'no', 'no', 'no'])}&age={age}"
    )


def get_triage_result(client, name: str, query: str | None = None, **kwargs) -> None:
    """A triage result (one of the fixed queries unless given); a page without a verdict counts as a failure."""
    query = query or random.choice(TRIAGE_QUERIES)
    with client.get("/triage/result/?" + query, name=name, catch_response=True, **kwargs) as response:
        if 'data-verdict="' not in response.text:
            response.failure("triage result: no verdict on the page")


def csrf(client) -> str:
    return client.cookies.get("csrftoken", "")


class Runner(HttpUser):
    weight = 4
    wait_time = between(0.5, 2)

    def on_start(self):
        self.email = f"runner{next(RUNNER_IDS) % 40}@load.test"
        login(self.client, self.email)

    @task(4)
    def dashboard(self):
        self.client.get("/journal/", name="dashboard")

    @task(2)
    def journal(self):
        self.client.get("/journal/entries/", name="journal")

    @task(2)
    def log_pain(self):
        post_then_follow(
            self.client,
            "/journal/today/pain/",
            {"pain": random.randint(0, 5), "pain_side": "left", "csrfmiddlewaretoken": csrf(self.client)},
            name="log today's pain",
            then="dashboard",
        )

    @task(1)
    def log_run(self):
        day = (dt.datetime.now(dt.UTC).date() - dt.timedelta(days=random.randint(1, 2))).isoformat()  # never future
        post_then_follow(
            self.client,
            "/journal/sessions/new/",
            {
                "day": day,
                "session_type": "easy",
                "distance": "5.0",
                "duration": "30",
                "rpe": "4",
                "pain_during": "2",
                "pain_after": "2",
                "notes": "",
                "csrfmiddlewaretoken": csrf(self.client),
            },
            name="log a run",
            then="dashboard",
        )

    @task(1)
    def triage_form(self):
        self.client.get("/triage/", name="triage form")

    @task(2)
    def triage_result(self):
        get_triage_result(self.client, "triage result")


class Physio(HttpUser):
    weight = 1
    wait_time = between(0.5, 2)

    def on_start(self):
        login(self.client, f"physio{next(PHYSIO_IDS) % 4}@load.test")
        page = self.client.get("/clinic/", name="caseload")
        self.clients = re.findall(r'href="(/clinic/clients/[0-9a-f-]{36}/)"', page.text) or ["/clinic/"]

    @task(3)
    def caseload(self):
        self.client.get("/clinic/", name="caseload")

    @task(2)
    def client_page(self):
        self.client.get(random.choice(self.clients), name="client page")


class Visitor(HttpUser):
    """Someone without an account asking "should I run?": the triage form, then its result."""

    weight = 2
    wait_time = between(0.5, 2)

    @task(1)
    def triage_form_visitor(self):
        self.client.get("/triage/", name="triage form, visitor")

    @task(2)
    def triage_result_visitor(self):
        get_triage_result(self.client, "triage result, visitor", varied_triage_query())

    @task(1)
    def triage_result_visitor_rendered(self):
        # A visitor who has a cookie (any: here one the site never set) is never served a kept page.
        get_triage_result(self.client, "triage result, visitor, rendered", varied_triage_query(), cookies={"seen": "1"})


class Baseline(HttpUser):
    """Only used in the throughput phase: a trivial view (the web app manifest, no database)."""

    wait_time = between(0, 0)

    @task
    def trivial(self):
        self.client.get("/manifest.webmanifest", name="trivial view")


class SignedInReference(HttpUser):
    """Only used in the throughput phase: what any signed-in page costs before it does anything of its own
    (the reference pages of scripts/loadtest_urls.py, served by the load test's stack only)."""

    wait_time = between(0, 0)

    def on_start(self):
        login(self.client, f"runner{next(RUNNER_IDS) % 40}@load.test")

    @task
    def reference_signed_in(self):
        self.client.get("/loadtest/signed-in/", name="reference signed in")

    @task
    def reference_empty_page(self):
        self.client.get("/loadtest/empty-page/", name="reference empty page")


# Capacity phase: LOADTEST_ONLY=<task name> keeps only that task and drops think time.
ONLY = os.environ.get("LOADTEST_ONLY")
if ONLY:
    for user_class in (Runner, Physio, Visitor, SignedInReference):
        kept = [t for t in user_class.tasks if getattr(t, "__name__", "").replace("_", " ") == ONLY.replace(",", "")]
        user_class.tasks = kept or user_class.tasks
        user_class.wait_time = between(0, 0)
