"""The physio's visit report: a period, the clinical notes they tick (none at first), a PDF that holds the
period's figures and exactly the chosen notes (text extraction), and a "report" row in the audit trail."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from accounts.models import AuditAction, AuditEvent
from clinic import services
from plans.models import Review
from plans.services import plan_start
from tests.factories import EntryFactory, FlagFactory, TrainingSessionFactory

MON = dt.date(2026, 3, 2)


def pdf_text(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


@pytest.fixture
def month(link):
    """Four weeks of entries and runs, a handled flag, a plan with two ratings, and two notes in the
    period (Monday 2 March 2026, 08:00 in London) and one before it."""
    runner = link.runner
    with time_machine.travel("2026-01-10 10:00 +00:00", tick=False):
        services.note_add(physio=link.physio, link=link, body="Old note from January")
    with time_machine.travel("2026-03-02 08:00 +00:00", tick=False) as clock:
        for n in range(28):
            day = MON - dt.timedelta(days=27 - n)
            EntryFactory(runner=runner, day=day, pain=6 if n < 7 else 2)
            if n % 2 == 0:
                TrainingSessionFactory(runner=runner, day=day, session_type="easy", distance_m=5000)
        FlagFactory(
            runner=runner,
            kind="night_pain",
            severity="review",
            status="resolved",
            resolved_at=timezone.now(),
            resolve_note="Settled with rest",
        )
        plan = plan_start(runner=runner, actor=runner, since=MON - dt.timedelta(days=14))
        Review.objects.create(
            plan=plan, day=MON - dt.timedelta(days=14), activities=[{"name": "Running downhill", "score": 3}]
        )
        Review.objects.create(plan=plan, day=MON, activities=[{"name": "Running downhill", "score": 6}], groc=2)
        clock.move_to("2026-02-20 09:00 +00:00")
        chosen = services.note_add(physio=link.physio, link=link, body="Hip flexors tight on the left")
        clock.move_to("2026-02-25 09:00 +00:00")
        other = services.note_add(physio=link.physio, link=link, body="Discussed sleep and stress at work")
        clock.move_to("2026-03-02 08:00 +00:00")
        yield {"chosen": chosen, "other": other}


def _pdf(link, **params):
    return reverse("clinic:client_report_pdf", args=[link.public_id]), {
        "start": "2026-02-03",
        "end": "2026-03-02",
        **params,
    }


def test_the_report_page_lists_the_periods_notes_none_ticked_and_is_audited(physio_client, link, month):
    before = AuditEvent.objects.filter(action=AuditAction.VIEW).count()
    response = physio_client.get(
        reverse("clinic:client_report", args=[link.public_id]), {"start": "2026-02-03", "end": "2026-03-02"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hip flexors tight on the left" in html
    assert "Discussed sleep and stress at work" in html
    assert "Old note from January" not in html, "only the period's notes are offered"
    assert " checked" not in html.split('id="report-notes"', 1)[1], "no note is ticked at first"
    assert AuditEvent.objects.filter(action=AuditAction.VIEW).count() == before + 1


def test_the_report_page_defaults_to_the_last_four_weeks(physio_client, link, month):
    response = physio_client.get(reverse("clinic:client_report", args=[link.public_id]))
    assert response.status_code == 200
    assert 'value="2026-02-03"' in response.content.decode()


def test_the_pdf_holds_the_periods_figures_and_only_the_chosen_note_and_is_audited_as_a_report(
    physio_client, link, month
):
    url, params = _pdf(link, notes=[str(month["chosen"].public_id)])
    response = physio_client.get(url, params)
    text = pdf_text(response)
    assert "Visit report: Robin Runner" in text
    assert "3 Feb 2026 to 2 Mar 2026" in text
    assert "Days logged: 28" in text
    assert "Mean pain: 3.0/10" in text
    assert "Running distance: 70.0 km" in text
    assert "Settled with rest" in text
    assert "Running downhill: 6" in text
    assert "Much better" in text
    assert "Clinical notes" in text
    assert "Hip flexors tight on the left" in text
    assert "Pat Physio" in text
    assert "Discussed sleep" not in text, "a note not ticked stays out"
    assert 'filename="backtrack-report-2026-02-03-2026-03-02.pdf"' in response["Content-Disposition"]
    event = AuditEvent.objects.filter(runner=link.runner).latest("id")
    assert (event.actor, event.action) == (link.physio, AuditAction.REPORT)
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists(), "a report is not an export"


def test_with_no_note_ticked_the_pdf_has_no_notes(physio_client, link, month):
    url, params = _pdf(link)
    text = pdf_text(physio_client.get(url, params))
    assert "Clinical notes" not in text
    assert "Hip flexors" not in text


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"start": "2026-03-01", "end": "2026-03-09"}, "The period cannot end in the future."),
        ({"start": "2026-03-02", "end": "2026-03-01"}, "The period must start before it ends."),
        ({"start": "2025-01-01", "end": "2026-03-01"}, "Choose a period of a year or less."),
        ({"start": "yesterday", "end": "2026-03-01"}, "Enter a valid date."),
        ({"start": "2026-03-01", "end": ""}, "This field is required."),
        ({"notes": "not-a-uuid"}, "Choose notes about this client from the list."),
        ({"notes": "00000000-0000-0000-0000-000000000000"}, "Choose notes about this client from the list."),
    ],
)
def test_a_bad_request_answers_400_with_a_message_and_no_report(physio_client, link, month, params, message):
    url, base = _pdf(link)
    response = physio_client.get(url, {**base, **params})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not AuditEvent.objects.filter(action=AuditAction.REPORT).exists()


def test_a_note_from_outside_the_period_is_refused(physio_client, link, month):
    old = link.runner.clinical_notes.get(body="Old note from January")
    url, params = _pdf(link, notes=[str(old.public_id)])
    response = physio_client.get(url, params)
    assert response.status_code == 400
    assert "Choose notes written in the report&#x27;s period." in response.content.decode()


def test_another_runners_note_cannot_be_slipped_in(physio_client, link, month, other_runner):
    from clinic.models import ClinicalNote

    stranger = ClinicalNote.objects.create(runner=other_runner, author=link.physio, body="Someone else entirely")
    url, params = _pdf(link, notes=[str(stranger.public_id)])
    response = physio_client.get(url, params)
    assert response.status_code == 400
    assert b"Someone else entirely" not in response.content


def test_an_unlinked_physio_gets_404(client, link, unlinked_physio, month):
    client.force_login(unlinked_physio)
    url, params = _pdf(link)
    assert client.get(url, params).status_code == 404
    assert client.get(reverse("clinic:client_report", args=[link.public_id])).status_code == 404


@pytest.mark.parametrize(
    ("params", "page_status", "wrong_field"),
    [
        ({"start": "2026-02-30", "end": "2026-03-01"}, 400, "start"),
        ({"start": "\x00", "end": "2026-03-01"}, 400, "start"),
        ({"start": "99999-01-01", "end": "2026-03-01"}, 400, "start"),
        # The page ignores ticked notes (a changed period may leave some outside it): it shows the period's.
        ({"start": "2026-02-01", "end": "2026-03-01", "notes": "\x00"}, 200, None),
        ({"start": "2026-02-01", "end": "2026-03-01", "notes": "1 OR 1=1"}, 200, None),
    ],
)
def test_junk_gets_a_message_never_a_server_error(physio_client, link, month, params, page_status, wrong_field):
    page = physio_client.get(reverse("clinic:client_report", args=[link.public_id]), params)
    assert page.status_code == page_status
    form = page.context["form"]
    if wrong_field:
        message = form.errors[wrong_field][0]
        assert message in page.content.decode(), "the message is shown next to the field"
        assert page.context["notes"] == [], "no notes are offered for a period that is wrong"
    else:
        assert not form.errors
        assert [note.body for note in page.context["notes"]] == [
            "Hip flexors tight on the left",
            "Discussed sleep and stress at work",
        ]
        assert "checked" not in page.content.decode(), "junk ticks no note"
    pdf = physio_client.get(reverse("clinic:client_report_pdf", args=[link.public_id]), params)
    assert pdf.status_code == 400
    assert pdf["Content-Type"].startswith("text/html")
    assert not AuditEvent.objects.filter(action=AuditAction.REPORT).exists()
