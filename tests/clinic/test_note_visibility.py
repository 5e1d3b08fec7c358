"""Who reads which note (core.notes), checked over every page, PDF and export that shows a note.

Each kind of note is written with a marker of its own. For every role and every page that role can
open, a marker shows only if core.notes lets that role read that kind of note; and each kind a role
may read shows on at least one of its pages (so the rule is not met by hiding everything).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.urls import reverse

from clinic.models import ClinicalNote, Message
from core.notes import Audience, NoteKind, may_read
from monitoring.flags import flag_acknowledge, flag_dismiss, flag_resolve
from plans import report as plans_report
from plans import services as plan_services
from tests.factories import AdminFactory, CareLinkFactory, FlagFactory, PhysioFactory, RunnerFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]

MARKERS = {
    "NOTE-CLINICAL-7f3a": NoteKind.CLINICAL_NOTE,
    "NOTE-ACK-9c1d": NoteKind.FLAG_ACKNOWLEDGE,
    "NOTE-ACK-THEN-RESOLVED-2b8e": NoteKind.FLAG_ACKNOWLEDGE,
    "NOTE-RESOLVE-4e6b": NoteKind.FLAG_CLOSE,
    "NOTE-DISMISS-5d2c": NoteKind.FLAG_CLOSE,
    "NOTE-MESSAGE-PAT-8a4f": NoteKind.MESSAGE,
    "NOTE-REPLY-TO-PAT-3c9e": NoteKind.MESSAGE,
    "NOTE-PLAN-6b1a": NoteKind.PLAN_NOTE,
}
PAT_CONVERSATION = {"NOTE-MESSAGE-PAT-8a4f", "NOTE-REPLY-TO-PAT-3c9e"}


@pytest.fixture
def notes_world(client, monkeypatch):
    runner = RunnerFactory(email="robin@example.com", display_name="Robin Runner")
    pat = PhysioFactory(email="pat@example.com", display_name="Pat Physio")
    quinn = PhysioFactory(email="quinn@example.com", display_name="Quinn Second")
    una = PhysioFactory(email="una@example.com", display_name="Una Unlinked")
    olive = RunnerFactory(email="olive@example.com", display_name="Olive Other")
    ada = AdminFactory(email="ada@example.com", display_name="Ada Admin")
    pat_link = CareLinkFactory(runner=runner, physio=pat)
    quinn_link = CareLinkFactory(runner=runner, physio=quinn)
    CareLinkFactory(runner=olive, physio=una)

    note = ClinicalNote.objects.create(runner=runner, author=pat, body="NOTE-CLINICAL-7f3a")
    acknowledged = FlagFactory(runner=runner, kind="leg_symptoms", severity="urgent")
    flag_acknowledge(flag=acknowledged, runner_id=runner.pk, by=pat, note="NOTE-ACK-9c1d")
    resolved = FlagFactory(runner=runner, kind="night_pain", severity="urgent")
    flag_acknowledge(flag=resolved, runner_id=runner.pk, by=pat, note="NOTE-ACK-THEN-RESOLVED-2b8e")
    flag_resolve(flag=resolved, runner_id=runner.pk, by=pat, note="NOTE-RESOLVE-4e6b")
    dismissed = FlagFactory(runner=runner, kind="pain_trend_up", severity="review")
    flag_dismiss(flag=dismissed, by=runner, note="NOTE-DISMISS-5d2c")
    Message.objects.create(runner=runner, physio=pat, sender=pat, body="NOTE-MESSAGE-PAT-8a4f")
    Message.objects.create(runner=runner, physio=pat, sender=runner, body="NOTE-REPLY-TO-PAT-3c9e")
    plan = plan_services.plan_start(runner=runner, actor=pat)
    plan_services.plan_pause(plan=plan, actor=pat, note="NOTE-PLAN-6b1a")

    # The PDFs as the HTML they are drawn from (the text of a PDF is compressed).
    monkeypatch.setattr(plans_report, "html_to_pdf", lambda html: html.encode())
    today = runner.local_today()
    period = {"start": (today - dt.timedelta(days=27)).isoformat(), "end": today.isoformat()}

    def physio_pages(link):
        pid = link.public_id
        return [
            reverse("clinic:client", args=[pid]),
            reverse("plans:client", args=[pid]),
            reverse("clinic:client_report", args=[pid]) + f"?start={period['start']}&end={period['end']}",
            reverse("clinic:client_report_pdf", args=[pid])
            + f"?start={period['start']}&end={period['end']}&notes={note.public_id}",
            reverse("clinic:client_export", args=[pid]),
            reverse("clinic:caseload"),
        ]

    runner_pages = [
        reverse("monitoring:list"),
        reverse("journal:dashboard"),
        reverse("clinic:care_team"),
        reverse("plans:report"),
        reverse("journal:export_json"),
        reverse("journal:export_entries"),
    ]
    message = Message.objects.get(body="NOTE-MESSAGE-PAT-8a4f")
    admin_pages = [
        "/admin/clinic/clinicalnote/",
        f"/admin/clinic/clinicalnote/{note.pk}/change/",
        "/admin/clinic/message/",
        f"/admin/clinic/message/{message.pk}/change/",
        "/admin/accounts/carelink/",
        "/admin/accounts/auditevent/",
    ]
    return {
        # role: (user, audience, pages it opens, markers it must never read whatever the rule says)
        "runner": (runner, Audience.RUNNER, runner_pages, set()),
        "linked physio": (pat, Audience.PHYSIO, physio_pages(pat_link), set()),
        "second linked physio": (quinn, Audience.PHYSIO, physio_pages(quinn_link), PAT_CONVERSATION),
        "unlinked physio": (una, None, physio_pages(pat_link), set()),
        "other runner": (olive, None, runner_pages, set()),
        "admin": (ada, Audience.ADMIN, admin_pages + physio_pages(pat_link), set()),
    }


def _may_see(audience, marker: str, excluded: set) -> bool:
    return audience is not None and marker not in excluded and may_read(MARKERS[marker], audience)


@pytest.mark.parametrize(
    "role", ["runner", "linked physio", "second linked physio", "unlinked physio", "other runner", "admin"]
)
def test_each_role_reads_exactly_the_notes_the_rule_gives_it(notes_world, client, role):
    user, audience, pages, excluded = notes_world[role]
    client.force_login(user)
    seen: dict[str, list[str]] = {marker: [] for marker in MARKERS}
    for url in pages:
        response = client.get(url)
        assert response.status_code in (200, 302, 403, 404), (url, response.status_code)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode("utf-8", errors="replace")
        for marker in MARKERS:
            if marker in text:
                seen[marker].append(url)
    leaks = {marker: urls for marker, urls in seen.items() if urls and not _may_see(audience, marker, excluded)}
    assert leaks == {}, f"{role} read notes the rule keeps from them"
    missing = [marker for marker, urls in seen.items() if not urls and _may_see(audience, marker, excluded)]
    assert missing == [], f"{role} could not read notes the rule gives them"


def test_the_runners_flags_page_says_a_flag_was_acknowledged_without_the_physios_note(notes_world, client):
    runner = notes_world["runner"][0]
    client.force_login(runner)
    page = client.get(reverse("monitoring:list")).content.decode()
    assert "acknowledged" in page
    assert "NOTE-ACK-9c1d" not in page
    assert "NOTE-RESOLVE-4e6b" in page


def test_the_rule_is_the_one_written_in_the_docs():
    assert not may_read(NoteKind.FLAG_ACKNOWLEDGE, Audience.RUNNER)
    assert not may_read(NoteKind.CLINICAL_NOTE, Audience.RUNNER)
    assert may_read(NoteKind.FLAG_CLOSE, Audience.RUNNER)
    assert all(not may_read(kind, Audience.ADMIN) for kind in NoteKind)
    assert all(may_read(kind, Audience.PHYSIO) for kind in NoteKind)
    assert not may_read("anything else", Audience.PHYSIO)
    assert not may_read(NoteKind.MESSAGE, "stranger")


NOTE_FIELDS = re.compile(r"\b(?:note\.body|message\.body|acknowledge_note|resolve_note|physio_note|note\.text)\b")
THROUGH_THE_RULE = ("readable_as:", "acknowledge_note_for:", "close_note_for:")


def test_every_template_prints_a_note_only_through_the_rule():
    """Pages and PDFs print what a note says only through core.notes (its template filters): the rule
    is applied in one place, so a new page cannot show a note to the wrong person by forgetting it."""
    unfiltered = []
    for template in sorted((ROOT / "templates").rglob("*.html")):
        if "emails" in template.parts:
            continue  # mail says that there is a message, never what it says (tests/accounts, tests/quality)
        text = template.read_text()
        for expression in re.findall(r"\{\{(.*?)\}\}", text, re.S):
            if NOTE_FIELDS.search(expression) and not any(f in expression for f in THROUGH_THE_RULE):
                unfiltered.append(f"{template.relative_to(ROOT)}: {{{{{expression.strip()}}}}}")
    assert unfiltered == []


def test_the_filter_prints_a_note_only_for_its_readers():
    from core.templatetags.notes import readable_as

    assert readable_as("hello", "clinical_note:physio") == "hello"
    assert readable_as("hello", "clinical_note:runner") == ""
    assert readable_as("hello", "flag_acknowledge:runner") == ""
    assert readable_as("hello", "message:admin") == ""
    assert readable_as("hello", "nonsense") == ""
