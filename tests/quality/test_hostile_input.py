"""Hostile input: generated junk against every form, oversized, truncated, wrong-type and malicious uploads.

The forms are found, not listed: the test opens every page of the project's URL configuration as a
runner and as a physio and collects each POST form on them (its action and field names). A URL that
takes a POST but has no form on any page fails the test, so a new form is fuzzed without editing it.
Hypothesis sends each form its own field names (and some it does not expect) filled with wrongly typed,
huge, boundary, malformed and malicious values. The app must never answer 5xx, and a request it rejects
(4xx) must leave every table as it was: the same number of rows, the same highest id and, where a model has
an ``updated_at``, the same latest change (one query per snapshot).
"""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import Resolver404, resolve, reverse
from hypothesis import HealthCheck, given, settings

from accounts.audit import audit_record
from accounts.models import AuditAction
from clinic.models import Invitation
from journal.models import Entry, ImportJob, TrainingSession
from journal.tasks import run_import
from monitoring.models import CheckIn
from plans.services import plan_start
from tests.access_matrix import EXPECTED, url_kwargs, walk
from tests.factories import CareLinkFactory, EntryFactory, FlagFactory, TrainingSessionFactory
from tests.quality.fuzzing import fuzz_payload
from tests.triage.formdata import with_signs

PROJECT_APPS = {"accounts", "triage", "journal", "monitoring", "plans", "clinic"}


def _snapshot_sql() -> tuple[str, list[str]]:
    """One query for every table of the project's apps: its row count, highest primary key and, where the
    model has one, latest ``auto_now`` time (a changed row moves it).

    The audit trail is left out: a refused form re-rendering a client's page shows their data, so it
    writes its one view record (issue 14, section 3; tests/quality/test_abuse.py).
    """
    quote = connection.ops.quote_name
    parts, labels = [], []
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS or model._meta.label == "accounts.AuditEvent":
            continue
        changed = [f.column for f in model._meta.concrete_fields if getattr(f, "auto_now", False)]
        latest = f"CAST(MAX({quote(changed[0])}) AS TEXT)" if changed else "CAST(NULL AS TEXT)"
        pk, table = quote(model._meta.pk.column), quote(model._meta.db_table)
        parts.append(f"SELECT %s, COUNT(*), MAX({pk}), {latest} FROM {table}")  # noqa: S608 (names from the models)
        labels.append(model._meta.label)
    return " UNION ALL ".join(parts), labels


def table_rows() -> dict[str, tuple]:
    """{model label: (rows, highest id, latest change)} for every table of the project's apps, in one query
    (a full read of every table before and after each of the thousands of examples took minutes)."""
    with connection.cursor() as cursor:
        cursor.execute(*_snapshot_sql())
        return {label: tuple(rest) for label, *rest in cursor.fetchall()}


HYPOTHESIS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
PERSONAS = {"runner": "runner", "physio": "linked_physio"}  # persona -> its role in the access matrix
# POST URLs with no HTML form, fuzzed elsewhere: the JSON API (tests/triage/test_api.py).
NOT_FORMS = {
    "triage_api:triage",
    # Forms that only a plan in another state shows (a session due today, a decision to apply, a client with
    # no plan yet). tests/plans/test_plan_views.py and test_physio.py post bad input to the log and start forms.
    "plans:start",  # the world's runner has a plan, so neither the dashboard nor a result offers one
    "plans:log",
    "plans:apply",
    "plans:end",
    "plans:client_start",
    "journal:quick_pain_undo",  # its form shows only after a tap; junk for it: tests/journal/test_dashboard_phone.py
}
# Pages that need a query string to show their form.
# The result page needs every warning-sign question answered (triage v2): all "no" here.
QUERY = {
    "triage:result": "?"
    + urlencode(
        with_signs({"pain_now": 4, "normal_stride": "no", "spasm": "yes", "pain_side": "both", "pars_defect": "no"})
    )
}


@pytest.fixture
def fuzz_world(runner, physio):
    """What the forms act on, for the runner and the linked physio (fewer objects than the access matrix's world)."""
    link = CareLinkFactory(runner=runner, physio=physio)
    session = TrainingSessionFactory(runner=runner)
    entry = EntryFactory(runner=runner)
    review_flag = FlagFactory(runner=runner, kind="night_pain", severity="review")
    urgent_flag = FlagFactory(runner=runner)
    checkin = CheckIn.objects.create(runner=runner, session=session, run_day=session.day, due_at=session.created_at)
    # Waiting for the physio's answer; the runner may withdraw it.
    invitation = Invitation.objects.create(runner=runner, email=physio.email, physio=physio)
    audit_record(actor=physio, runner=runner, action=AuditAction.VIEW)
    plan = plan_start(runner=runner, actor=runner, likely_cause="stiff_hip")
    import_job = ImportJob.objects.create(runner=runner, kind=ImportJob.Kind.CSV)
    return {
        "import_job": import_job,
        "prescription": plan.prescriptions.first(),
        "link": link,
        "revoked": link,
        "session": session,
        "entry": entry,
        "flag": urgent_flag,
        "review_flag": review_flag,
        "checkin": checkin,
        "invitation": invitation,
    }


def project_urls(role: str, fuzz_world) -> list[tuple[str, str, set[str]]]:
    """(url name, url, methods it answers for this role) for every project pattern outside admin and allauth."""
    out = []
    for route, name, pattern in walk():
        if route.startswith("admin/") or pattern.callback.__module__.startswith("allauth.") or name not in EXPECTED:
            continue
        methods = {m for m, statuses in EXPECTED[name].items() if statuses[role] not in (404, 405)}
        url = reverse(name, kwargs=url_kwargs(name, role, fuzz_world))
        out.append((name, url + QUERY.get(name, "") if "GET" in methods else url, methods))
    return out


class _Forms(HTMLParser):
    """POST forms on a page: {action: field names}. A submit button's ``formaction`` is an action too."""

    def __init__(self, page_url: str) -> None:
        super().__init__()
        self.page_url, self.forms = page_url, {}
        self.current: dict | None = None

    def _path(self, action: str | None) -> str:
        return urlsplit(urljoin(self.page_url, action or self.page_url)).path

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self.current = {"action": self._path(attrs.get("action")), "fields": set(), "actions": set()}
        elif self.current is None:
            return
        elif (tag == "button" and (attrs.get("type") or "submit") == "submit") or (
            tag == "input" and attrs.get("type") == "submit"
        ):
            self.current["actions"].add(self._path(attrs["formaction"]) if attrs.get("formaction") else None)
            if attrs.get("name"):
                self.current["fields"].add(attrs["name"])
        elif tag in ("input", "select", "textarea") and attrs.get("name") and attrs["name"] != "csrfmiddlewaretoken":
            self.current["fields"].add(attrs["name"])

    def handle_endtag(self, tag):
        if tag == "form" and self.current is not None:
            actions = self.current["actions"] or {None}
            for action in actions:
                self.forms.setdefault(action or self.current["action"], set()).update(self.current["fields"])
            self.current = None


def _is_project_view(path: str) -> bool:
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return match.func.__module__.split(".")[0] in PROJECT_APPS


def forms_on_the_pages(client, role: str, fuzz_world) -> dict[str, list[str]]:
    """Every POST form of the project's own views on every page this persona can open: {action: fields}."""
    found: dict[str, set[str]] = {}
    for _, url, methods in project_urls(role, fuzz_world):
        if "GET" not in methods:
            continue
        response = client.get(url)
        url = urlsplit(url).path
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        parser = _Forms(url)
        parser.feed(response.content.decode())
        for action, fields in parser.forms.items():
            if _is_project_view(action):
                found.setdefault(action, set()).update(fields)
    return {action: sorted(fields) for action, fields in found.items()}


def check_post(client, url: str, data: dict) -> None:
    before = table_rows()
    response = client.post(url, data)
    assert response.status_code < 500, f"POST {url} {data!r} -> {response.status_code}"
    if response.status_code >= 400:
        assert table_rows() == before, f"POST {url} was refused ({response.status_code}) but changed rows"


@pytest.mark.django_db
def test_the_snapshot_sees_a_row_added_a_row_changed_and_a_row_deleted(fuzz_world, time_machine):
    time_machine.move_to("2026-03-11 12:00 +00:00", tick=True)
    before = table_rows()
    EntryFactory(runner=fuzz_world["entry"].runner, day=fuzz_world["entry"].day - dt.timedelta(days=3))
    added = table_rows()
    assert added != before
    time_machine.shift(dt.timedelta(seconds=1))
    fuzz_world["entry"].pain = (fuzz_world["entry"].pain + 1) % 11
    fuzz_world["entry"].save()
    changed = table_rows()
    assert changed != added
    fuzz_world["session"].delete()
    assert table_rows() != changed


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_every_post_url_has_a_form_on_some_page(request, client, fuzz_world, persona):
    role = PERSONAS[persona]
    client.force_login(request.getfixturevalue(persona))
    found = forms_on_the_pages(client, role, fuzz_world)
    posts = {
        url for name, url, methods in project_urls(role, fuzz_world) if "POST" in methods and name not in NOT_FORMS
    }
    assert posts - set(found) == set(), "POST URLs with no form on any page: fuzz them or add them to NOT_FORMS"


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_every_form_survives_generated_junk(request, client, fuzz_world, persona, settings):
    settings.LINK_CODE_TRIES_PER_MINUTE = 10**9  # every example reaches the form, not the rate limit
    user = request.getfixturevalue(persona)
    client.force_login(user)
    found = forms_on_the_pages(client, PERSONAS[persona], fuzz_world)
    assert len(found) >= 4, found  # the crawl did find the forms
    for url, fields in sorted(found.items()):
        fuzz_form(client, user, url, fields)


def fuzz_form(client, user, url: str, fields: list[str]) -> None:
    @HYPOTHESIS
    @given(data=fuzz_payload(fields))
    def run(data):
        client.force_login(user)
        check_post(client, url, data)

    run()


@pytest.mark.django_db
@HYPOTHESIS
@given(
    params=fuzz_payload(
        [
            "pain_now",
            "normal_stride",
            "spasm",
            "pain_side",
            "symptoms",
            "fever",
            "both_legs",
            "none_nerves",
            "pars_defect",
            "age",
            "sex",
            "load_changes",
            "q",
            "kind",
            "severity",
            "weeks",
            "page",
        ]
    )
)
def test_pages_with_query_strings_survive_generated_junk(client, runner, physio, params):
    for user, url in (
        (None, reverse("triage:result")),
        (None, reverse("triage:form")),
        (runner, reverse("journal:dashboard")),
        (runner, reverse("journal:entries")),
        (physio, reverse("clinic:caseload")),
    ):
        if user:
            client.force_login(user)
        else:
            client.logout()
        response = client.get(url, params)
        assert response.status_code < 500, f"GET {url} {params!r} -> {response.status_code}"


# --- uploads -----------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_an_oversized_csv_is_refused_before_it_is_read(client, runner):
    client.force_login(runner)
    big = SimpleUploadedFile("big.csv", b"date,pain\n" + b"2026-01-01,3\n" * 500_000, content_type="text/csv")
    response = client.post(reverse("journal:import_csv"), {"file": big})
    assert response.status_code == 400
    assert "larger than 5 MB" in response.content.decode()
    assert not Entry.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("photo.gpx", b"\x89PNG\r\n\x1a\n" + b"\x00" * 200),  # wrong type under a GPX name
        ("run.fit", b"\x0e\x10\x6c\x08\x20\x00\x00\x00.FIT"),  # truncated FIT header
        ("run.tcx", b"<?xml version='1.0'?><TrainingCenterDatabase><Activities><Activity"),  # truncated XML
        ("notes.txt", b"not a watch file"),
        (
            "bomb.gpx",
            b'<?xml version="1.0"?><!DOCTYPE gpx [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
            b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><gpx><trk><name>&c;</name></trk></gpx>',
        ),
    ],
)
def test_broken_or_malicious_watch_files_are_reported_by_name_and_nothing_is_saved(
    client, runner, name, content, django_capture_on_commit_callbacks
):
    client.force_login(runner)
    with django_capture_on_commit_callbacks(execute=False):  # the import task runs below, in-process
        response = client.post(reverse("journal:import_watch"), {"files": [SimpleUploadedFile(name, content)]})
    assert response.status_code == 302
    run_import(ImportJob.objects.get().pk)
    html = client.get(response["Location"]).content.decode()
    assert f"<strong>{name}</strong>: Not imported" in html
    assert not TrainingSession.objects.exists()


@pytest.mark.django_db
def test_formula_cells_come_back_neutralised_in_the_export(client, runner, django_capture_on_commit_callbacks):
    client.force_login(runner)
    csv_in = 'date,pain,notes\n2026-01-02,3,=HYPERLINK("http://evil")\n2026-01-03,2,+SUM(A1)\n2026-01-04,2,@cmd\n'
    upload = SimpleUploadedFile("entries.csv", csv_in.encode(), content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=False):
        assert client.post(reverse("journal:import_csv"), {"file": upload}).status_code == 302
    run_import(ImportJob.objects.get().pk)
    exported = b"".join(client.get(reverse("journal:export_entries")).streaming_content).decode()
    for formula in ('=HYPERLINK("http://evil")', "+SUM(A1)", "@cmd"):
        assert f"'{formula}" in exported or f"\"'{formula}" in exported.replace('""', '"')
    for raw in ("\n=", ",=", ",+", ",@"):
        assert raw not in exported
