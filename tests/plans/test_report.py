"""The visit report: a PDF that opens and holds the period's figures (text extraction), downloads audited."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from accounts.models import AuditEvent
from plans.models import ExerciseTick, Review
from plans.report import weekly_rows
from plans.services import plan_start
from tests.factories import CareLinkFactory, EntryFactory, FlagFactory, TrainingSessionFactory

pytestmark = pytest.mark.django_db

MON = dt.date(2026, 3, 2)


def pdf_text(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def month(runner, monday):
    """Four weeks of entries and runs, a handled flag, a plan with an exercise tick and two ratings."""
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
    plan = plan_start(runner=runner, actor=runner, since=MON - dt.timedelta(days=14), likely_cause="stiff_hip")
    ExerciseTick.objects.create(prescription=plan.prescriptions.first(), day=MON)
    Review.objects.create(
        plan=plan, day=MON - dt.timedelta(days=14), activities=[{"name": "Running downhill", "score": 3}]
    )
    Review.objects.create(plan=plan, day=MON, activities=[{"name": "Running downhill", "score": 6}], groc=2)
    return plan


def test_weekly_rows_hold_mean_pain_running_km_and_sessions():
    rows = weekly_rows(
        [(MON, 4), (MON + dt.timedelta(days=1), 2)],
        [(MON, "easy", 5000), (MON + dt.timedelta(days=2), "walk", 3000), (MON + dt.timedelta(days=7), "long", 12500)],
        MON,
        MON + dt.timedelta(days=8),
    )
    assert rows == [
        {"week": MON, "mean_pain": 3.0, "km": 5.0, "sessions": 2},
        {"week": MON + dt.timedelta(days=7), "mean_pain": None, "km": 12.5, "sessions": 1},
    ]


def test_the_physio_downloads_a_report_that_holds_the_periods_figures_and_is_audited(client, runner, physio, month):
    link = CareLinkFactory(runner=runner, physio=physio)
    client.force_login(physio)
    before = AuditEvent.objects.filter(actor=physio, runner=runner, action="export").count()
    response = client.get(
        reverse("plans:client_report", args=[link.public_id]), {"start": "2026-02-03", "end": "2026-03-02"}
    )
    text = pdf_text(response)
    assert "Visit report: Robin Runner" in text
    assert "3 Feb 2026 to 2 Mar 2026" in text
    assert "Days logged: 28" in text
    assert "Mean pain: 3.0/10" in text  # 7 days at 6, 21 at 2
    assert "Running distance: 70.0 km" in text  # 14 runs of 5 km
    assert "Night pain" in text
    assert "Settled with rest" in text
    assert "Running downhill: 6" in text
    assert "Much better" in text
    assert AuditEvent.objects.filter(actor=physio, runner=runner, action="export").count() == before + 1
    assert 'filename="backtrack-report-2026-02-03-2026-03-02.pdf"' in response["Content-Disposition"]


def test_the_runner_downloads_their_own_report_of_the_last_four_weeks(client, runner, month):
    client.force_login(runner)
    text = pdf_text(client.get(reverse("plans:report")))
    assert "3 Feb 2026 to 2 Mar 2026" in text
    assert "Exercise adherence" in text


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"start": "2026-03-01", "end": "2026-03-09"}, b"The period cannot end in the future."),
        ({"start": "2026-03-02", "end": "2026-03-01"}, b"The period must start before it ends."),
        ({"start": "2025-01-01", "end": "2026-03-01"}, b"Choose a period of a year or less."),
        ({"start": "yesterday", "end": "2026-03-01"}, b"Enter a valid date."),
        ({"start": "2026-03-01"}, b"This field is required."),
    ],
)
def test_a_bad_period_answers_400_with_a_message_and_audits_nothing(client, runner, physio, monday, params, message):
    link = CareLinkFactory(runner=runner, physio=physio)
    client.force_login(physio)
    response = client.get(reverse("plans:client_report", args=[link.public_id]), params)
    assert response.status_code == 400
    assert message in response.content
    assert not AuditEvent.objects.filter(action="export").exists()
