"""Hostile input: generated junk against every form, oversized, truncated, wrong-type and malicious uploads.

For every form a runner, a physio or a visitor can post, hypothesis sends the form's own field names
(and some it does not expect) filled with wrongly typed, huge, malformed and malicious values. The
app must never answer 5xx, and a request it rejects (4xx) must leave every table as it was.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journal.models import Entry, TrainingSession
from monitoring.models import CheckIn
from tests.factories import CareLinkFactory, EntryFactory, FlagFactory, TrainingSessionFactory
from triage.codes import Symptom

NASTY = [
    "",
    " ",
    "-1",
    "11",
    "0",
    "10",
    "1e309",
    "NaN",
    "Infinity",
    "9" * 400,
    "\x00",
    "null",
    "true",
    "[]",
    "{}",
    "2999-01-01",
    "0000-00-00",
    "1900-02-30",
    "12:99:99",
    "-5:00",
    "<script>alert(1)</script>",
    "javascript:alert(1)",
    '=HYPERLINK("http://x")',
    "'; DROP TABLE journal_entry; --",
    "😀" * 50,
    "x" * 70_000,
    "left",
    "right",
    "both",
    "yes",
    "no",
    "easy",
    "leg_pain",
    "saddle_numbness",
]
value = st.one_of(st.sampled_from(NASTY), st.text(max_size=40), st.integers(-(10**20), 10**20).map(str))


def fuzz_payload(fields: list[str]):
    keys = st.sampled_from([*fields, "unexpected", "csrfmiddlewaretoken"])
    return st.dictionaries(keys, st.one_of(value, st.lists(value, max_size=4)), max_size=len(fields) + 2)


def table_counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in {"accounts", "journal", "monitoring", "clinic", "triage"}
        and not model._meta.label.endswith("Historical")
    }


HYPOTHESIS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture
def world(runner, physio):
    link = CareLinkFactory(runner=runner, physio=physio)
    session = TrainingSessionFactory(runner=runner)
    entry = EntryFactory(runner=runner)
    review_flag = FlagFactory(runner=runner, kind="night_pain", severity="review")
    urgent_flag = FlagFactory(runner=runner)
    checkin = CheckIn.objects.create(runner=runner, session=session, run_day=session.day, due_at=session.created_at)
    return {
        "link": link,
        "session": session,
        "entry": entry,
        "review_flag": review_flag,
        "urgent_flag": urgent_flag,
        "checkin": checkin,
    }


def runner_forms(w):
    return [
        (reverse("journal:quick_pain"), ["pain", "pain_side"]),
        (
            reverse("journal:entry_new"),
            [
                "day",
                "pain",
                "pain_side",
                "normal_stride",
                "spasm",
                "symptoms",
                "morning_stiffness_min",
                "sleep_disturbed",
                "notes",
            ],
        ),
        (reverse("journal:entry_edit", args=[w["entry"].day.isoformat()]), ["day", "pain", "symptoms", "notes"]),
        (
            reverse("journal:session_new"),
            ["day", "session_type", "distance", "duration", "rpe", "pain_during", "pain_after", "notes"],
        ),
        (reverse("journal:session_edit", args=[w["session"].pk]), ["day", "distance", "duration", "rpe"]),
        (
            reverse("journal:save_triage"),
            [
                "pain_now",
                "normal_stride",
                "spasm",
                "pain_side",
                *Symptom.values,
                "none_legs",
                "pars_defect",
                "age",
                "sex",
                "load_changes",
            ],
        ),
        (
            reverse("accounts:profile"),
            ["display_name", "time_zone", "units", "country", "email_checkins", "reminder_enabled", "reminder_time"],
        ),
        (reverse("accounts:delete"), ["confirm"]),
        (reverse("clinic:invite"), ["email"]),
        (reverse("clinic:code_redeem"), ["code"]),
        (reverse("clinic:reply", args=[w["link"].public_id]), ["body"]),
        (reverse("monitoring:dismiss", args=[w["review_flag"].pk]), [f"flag-{w['review_flag'].pk}-note"]),
        (reverse("monitoring:checkin_answer", args=[w["checkin"].pk]), ["settled"]),
    ]


def physio_forms(w):
    client_id = w["link"].public_id
    return [
        (reverse("clinic:note_add", args=[client_id]), ["body"]),
        (reverse("clinic:message_send", args=[client_id]), ["body"]),
        (reverse("clinic:flag_acknowledge", args=[client_id, w["urgent_flag"].pk]), ["note"]),
        (reverse("clinic:flag_resolve", args=[client_id, w["urgent_flag"].pk]), ["note"]),
    ]


def check_post(client, url: str, data: dict) -> None:
    before = table_counts()
    response = client.post(url, data)
    assert response.status_code < 500, f"POST {url} {data!r} -> {response.status_code}"
    if response.status_code >= 400:
        assert table_counts() == before, f"POST {url} was refused ({response.status_code}) but saved something"


FORMS_BY_PERSONA = {"runner": (runner_forms, 13), "physio": (physio_forms, 4)}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "index"), [(p, i) for p, (_, count) in FORMS_BY_PERSONA.items() for i in range(count)]
)
def test_every_form_survives_generated_junk(request, client, world, persona, index):
    client.force_login(request.getfixturevalue(persona))
    forms_of, _ = FORMS_BY_PERSONA[persona]
    url, fields = forms_of(world)[index]

    @HYPOTHESIS
    @given(data=fuzz_payload(fields))
    def run(data):
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
def test_broken_or_malicious_watch_files_are_reported_by_name_and_nothing_is_saved(client, runner, name, content):
    client.force_login(runner)
    response = client.post(reverse("journal:import_watch"), {"files": [SimpleUploadedFile(name, content)]})
    assert response.status_code == 400
    assert name in response.content.decode()
    assert not TrainingSession.objects.exists()


@pytest.mark.django_db
def test_formula_cells_come_back_neutralised_in_the_export(client, runner):
    client.force_login(runner)
    csv_in = 'date,pain,notes\n2026-01-02,3,=HYPERLINK("http://evil")\n2026-01-03,2,+SUM(A1)\n2026-01-04,2,@cmd\n'
    upload = SimpleUploadedFile("entries.csv", csv_in.encode(), content_type="text/csv")
    assert client.post(reverse("journal:import_csv"), {"file": upload}).status_code == 302
    exported = b"".join(client.get(reverse("journal:export_entries")).streaming_content).decode()
    for formula in ('=HYPERLINK("http://evil")', "+SUM(A1)", "@cmd"):
        assert f"'{formula}" in exported or f"\"'{formula}" in exported.replace('""', '"')
    for raw in ("\n=", ",=", ",+", ",@"):
        assert raw not in exported
