"""Reports and exports are bounded in rows and rate-limited per user; plans start at most a few times a day.

The attack: a runner made 2,000 plan events in 30 s (start, end, start...), and the PDF report then ran
31 s and its worker was killed. Here a journal holds thousands of plan events, flags and sessions, and
both the runner's and the physio's report come back quickly with the latest rows and how many more.
"""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from monitoring.models import Flag
from plans import report as plans_report
from plans import services as plan_services
from plans.models import Plan, PlanEvent
from tests.factories import CareLinkFactory, TrainingSessionFactory

pytestmark = pytest.mark.django_db

EVENTS, FLAGS, SESSIONS = 3000, 400, 600


@pytest.fixture
def heavy_runner(runner):
    """A plan with 3,000 events this month, 400 closed flags and 600 sessions."""
    plan = plan_services.plan_start(runner=runner, actor=runner)
    now = timezone.now()
    PlanEvent.objects.bulk_create(
        PlanEvent(plan=plan, actor=runner, kind="end" if i % 2 else "start", stage=1, reasons=[f"Event number {i}."])
        for i in range(EVENTS)
    )
    PlanEvent.objects.filter(plan=plan).update(at=now - dt.timedelta(days=1))
    Flag.objects.bulk_create(
        Flag(runner=runner, kind="pain_trend_up", severity="review", status="resolved", resolved_at=now)
        for _ in range(FLAGS)
    )
    today = runner.local_today()
    TrainingSessionFactory.create_batch(SESSIONS, runner=runner, day=today, session_type="easy", distance_m=1000)
    return runner


@pytest.fixture
def rendered(monkeypatch):
    """Records the HTML each PDF is drawn from, and still draws the real PDF."""
    pages: list[str] = []
    real = plans_report.html_to_pdf

    def spy(html: str) -> bytes:
        pages.append(html)
        return real(html)

    monkeypatch.setattr(plans_report, "html_to_pdf", spy)
    return pages


def _check_bounded(html: str) -> None:
    shown = plans_report.ROWS_SHOWN
    assert html.count("Event number ") == shown
    assert f"Event number {EVENTS - 1}." in html  # the latest are the ones shown
    assert f"And {EVENTS + 1 - shown} earlier plan changes in this period, not shown" in html
    assert html.count(f"<td>{Flag(kind='pain_trend_up').get_kind_display()}</td>") == shown
    assert f"And {FLAGS - shown} earlier flags in this period, not shown" in html


def test_the_runners_report_of_a_huge_journal_is_quick_and_says_how_many_more(heavy_runner, client, rendered):
    client.force_login(heavy_runner)
    started = time.process_time()  # CPU time: the same on a quiet and a busy machine
    response = client.get(reverse("plans:report"))
    took = time.process_time() - started
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    _check_bounded(rendered[0])
    assert took < 10, f"the report took {took:.1f} s of CPU"


def test_the_physios_report_of_that_client_is_bounded_too(heavy_runner, physio, client, rendered):
    link = CareLinkFactory(runner=heavy_runner, physio=physio)
    client.force_login(physio)
    today = heavy_runner.local_today()
    started = time.process_time()  # CPU time: the same on a quiet and a busy machine
    response = client.get(
        reverse("clinic:client_report_pdf", args=[link.public_id]),
        {"start": (today - dt.timedelta(days=27)).isoformat(), "end": today.isoformat()},
    )
    took = time.process_time() - started
    assert response.status_code == 200
    _check_bounded(rendered[0])
    assert took < 10, f"the report took {took:.1f} s of CPU"


def test_the_report_sums_sessions_in_the_database(heavy_runner):
    today = heavy_runner.local_today()
    data = plans_report.report_data(
        runner=heavy_runner, start=today - dt.timedelta(days=6), end=today, author=heavy_runner
    )
    assert sum(w["sessions"] for w in data["weekly"]) == SESSIONS
    assert data["total_km"] == SESSIONS * 1.0


@pytest.mark.usefixtures("still_clock")
def test_a_seventh_report_in_a_minute_is_refused_with_when_to_try_again(runner, client, monkeypatch):
    monkeypatch.setattr(plans_report, "html_to_pdf", lambda html: b"%PDF-1.7")
    client.force_login(runner)
    codes = [client.get(reverse("plans:report")).status_code for _ in range(7)]
    assert codes == [200] * 6 + [429]
    refused = client.get(reverse("plans:report"))
    assert int(refused["Retry-After"]) > 0
    assert "Too many downloads" in refused.content.decode()


@pytest.mark.usefixtures("still_clock")
def test_the_physios_reports_count_against_the_physio(runner, physio, client, monkeypatch):
    monkeypatch.setattr(plans_report, "html_to_pdf", lambda html: b"%PDF-1.7")
    link = CareLinkFactory(runner=runner, physio=physio)
    client.force_login(physio)
    url = reverse("clinic:client_report_pdf", args=[link.public_id])
    codes = [client.get(url).status_code for _ in range(7)]
    assert codes == [200] * 6 + [429]


@pytest.mark.usefixtures("still_clock")
@pytest.mark.parametrize(
    "name", ["journal:export_entries", "journal:export_sessions", "journal:export_json", "clinic:client_export"]
)
def test_exports_are_limited_per_user(runner, physio, client, name):
    if name.startswith("clinic:"):
        link = CareLinkFactory(runner=runner, physio=physio)
        client.force_login(physio)
        url = reverse(name, args=[link.public_id])
    else:
        client.force_login(runner)
        url = reverse(name)
    codes = []
    for _ in range(21):
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
        codes.append(response.status_code)
    assert codes == [200] * 20 + [429]


def test_a_runner_starts_a_plan_at_most_three_times_a_day(runner, client):
    client.force_login(runner)
    for _ in range(3):
        assert client.post(reverse("plans:start"), {"source": "dashboard"}).status_code == 302
        assert client.post(reverse("plans:end")).status_code == 302
    refused = client.post(reverse("plans:start"), {"source": "dashboard"})
    assert refused.status_code == 429
    assert "at most 3 times a day" in refused.content.decode()
    assert Plan.objects.filter(runner=runner).count() == 3
    assert PlanEvent.objects.filter(plan__runner=runner).count() == 6


def test_the_next_day_the_runner_can_start_again(runner, monkeypatch):
    for _ in range(3):
        plan_services.plan_end(plan=plan_services.plan_start(runner=runner, actor=runner), actor=runner)
    with pytest.raises(plan_services.TooManyPlanStarts):
        plan_services.plan_start(runner=runner, actor=runner)
    Plan.objects.filter(runner=runner).update(created_at=timezone.now() - dt.timedelta(hours=25))
    assert plan_services.plan_start(runner=runner, actor=runner).pk
