"""The visit report: a PDF that opens and holds the period's figures (text extraction); the runner's own
download. The physio's download, with the notes they choose, is tested in tests/clinic/test_report.py."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from plans.models import ExerciseTick, Review
from plans.report import weekly_rows
from plans.services import plan_start
from tests.factories import EntryFactory, FlagFactory, TrainingSessionFactory

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
def test_a_bad_period_answers_400_with_a_message(client, runner, monday, params, message):
    client.force_login(runner)
    response = client.get(reverse("plans:report"), params)
    assert response.status_code == 400
    assert message in response.content


def test_the_renderer_includes_the_notes_it_is_given_and_none_otherwise(runner, physio, month):
    from plans.report import ReportNote, report_data, report_pdf

    def text(data) -> str:
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(report_pdf(data))).pages)

    period = {"runner": runner, "start": MON - dt.timedelta(days=27), "end": MON, "author": physio}
    note = ReportNote(written=timezone.now(), author="Pat Physio", text="Hip flexors tight on the left")
    with_note = text(report_data(**period, notes=[note]))
    assert "Clinical notes" in with_note
    assert "Hip flexors tight on the left" in with_note
    assert "Pat Physio" in with_note
    without = text(report_data(**period))
    assert "Clinical notes" not in without


def test_a_flags_state_is_said_once_in_the_report(runner, physio, month):
    from django.template.loader import render_to_string

    from plans.report import report_data

    FlagFactory(
        runner=runner,
        kind="leg_symptoms",
        status="acknowledged",
        acknowledged_at=timezone.now(),
        acknowledged_by=physio,
        acknowledge_note="Calling her today",
    )
    data = report_data(runner=runner, start=MON - dt.timedelta(days=27), end=MON, author=physio)
    html = render_to_string("plans/report.html", data)
    assert "Acknowledged 2 Mar by Pat Physio: Calling her today" in html
    assert "Acknowledged; acknowledged" not in html
    assert "Resolved 2 Mar: Settled with rest" in html


def test_the_report_is_one_page_set_in_one_font_family_its_footer_included(runner, month):
    """The page number in the footer (a page margin box, which does not inherit the body's font) used to be
    set in the serif: a third font to load and embed in every PDF."""
    from plans.report import report_data, report_pdf

    data = report_data(runner=runner, start=MON - dt.timedelta(days=27), end=MON, author=runner)
    reader = PdfReader(io.BytesIO(report_pdf(data)))
    names = {str(font.get_object()["/BaseFont"]) for font in reader.pages[0]["/Resources"]["/Font"].values()}
    families = {re.sub(r"^/?[A-Z]{6}\+|-(Bold|Oblique|Italic|BoldOblique|BoldItalic)$", "", name) for name in names}
    assert len(families) == 1, names
    assert "Page 1 of" in reader.pages[0].extract_text()


def test_the_charts_key_is_a_line_of_text_above_it_not_text_inside_it(runner, month):
    """WeasyPrint lays out SVG text a letter at a time: the key inside the drawing cost more to draw than
    the rest of the chart. The drawing keeps only the week labels."""
    from django.template.loader import render_to_string

    from plans.report import report_data

    data = report_data(runner=runner, start=MON - dt.timedelta(days=27), end=MON, author=runner)
    assert "Red line" not in data["chart"]
    assert data["chart"].count("<text") == len(data["weekly"])
    html = render_to_string("plans/report.html", data)
    assert '<p class="chart-key">Red line: weekly mean pain (0-10). Blue bars: weekly running distance' in html
    assert html.index("chart-key") < html.index("<svg")
