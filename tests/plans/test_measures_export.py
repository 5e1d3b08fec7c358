"""Progress measures in the exports: PSFS scores and mean over time with the change from the start and the
2-point MCID, the global rating of change, exercise adherence per week and the episode's length, the same
rows in the runner's CSV and JSON exports and in the physio's CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from django.urls import reverse

from accounts.models import AuditAction, AuditEvent
from plans.models import ExerciseTick, Review
from plans.selectors import MEASURE_COLUMNS, measure_rows
from plans.services import plan_end, plan_start
from tests.factories import CareLinkFactory, EntryFactory

pytestmark = pytest.mark.django_db

MON = dt.date(2026, 3, 2)


@pytest.fixture
def measured(runner, monday):
    """A plan from 14 days ago with the hip exercises (ticked on two days), three ratings (the last one
    final), and an episode of back pain that started 10 days ago."""
    plan = plan_start(runner=runner, actor=runner, since=MON - dt.timedelta(days=14), likely_cause="stiff_hip")
    lunge = plan.prescriptions.get(exercise__slug="walking-lunge")
    for day in (MON - dt.timedelta(days=1), MON):
        ExerciseTick.objects.create(prescription=lunge, day=day)
    first = [{"name": "Running downhill", "score": 3}, {"name": "Tying my shoes", "score": 5}]
    Review.objects.create(plan=plan, day=MON - dt.timedelta(days=14), activities=first)
    Review.objects.create(
        plan=plan,
        day=MON - dt.timedelta(days=1),
        activities=[{"name": "Running downhill", "score": 4}, {"name": "Tying my shoes", "score": 5}],
        groc=1,
    )
    for n in range(10):
        EntryFactory(runner=runner, day=MON - dt.timedelta(days=n), pain=3)
    plan_end(plan=plan, actor=runner)
    Review.objects.create(
        plan=plan,
        day=MON,
        activities=[{"name": "Running downhill", "score": 7}, {"name": "Tying my shoes", "score": 6}],
        groc=2,
        final=True,
    )
    # Backdate the prescriptions so that the whole plan counts for adherence.
    plan.prescriptions.update(created_at=dt.datetime(2026, 2, 16, 8, tzinfo=dt.UTC))
    return plan


def _rows(runner) -> dict[tuple, dict]:
    return {(r["date"], r["measure"], r["activity"]): r for r in measure_rows(runner)}


def test_the_rows_hold_psfs_change_and_mcid_groc_adherence_and_episode(runner, measured):
    rows = _rows(runner)
    mean_start = rows[(MON - dt.timedelta(days=14), "psfs_mean", None)]
    assert (mean_start["value"], mean_start["change_from_start"], mean_start["reaches_mcid"]) == (4.0, None, None)
    mean_mid = rows[(MON - dt.timedelta(days=1), "psfs_mean", None)]
    assert (mean_mid["value"], mean_mid["change_from_start"], mean_mid["reaches_mcid"]) == (4.5, 0.5, False)
    mean_end = rows[(MON, "psfs_mean", None)]
    assert (mean_end["value"], mean_end["change_from_start"], mean_end["reaches_mcid"], mean_end["final"]) == (
        6.5,
        2.5,
        True,
        True,
    )
    downhill = rows[(MON, "psfs_activity", "Running downhill")]
    assert (downhill["value"], downhill["out_of"], downhill["change_from_start"]) == (7, 10, 4)
    groc = rows[(MON, "global_rating_of_change", None)]
    assert (groc["value"], groc["note"]) == (2, "Much better")
    adherence = {
        r["date"]: (r["value"], r["out_of"]) for r in measure_rows(runner) if r["measure"] == "exercise_adherence"
    }
    assert adherence == {
        dt.date(2026, 2, 16): (0, 14),
        dt.date(2026, 2, 23): (1, 14),
        MON: (1, 2),
    }, "done of prescribed per week, to the day the plan ended"
    episode = rows[(MON, "episode_length_days", None)]
    assert (episode["value"], episode["note"]) == (10, "first painful day 2026-02-21")
    assert all(list(r) == list(MEASURE_COLUMNS) for r in measure_rows(runner))


def test_the_runners_csv_and_json_exports_hold_the_same_rows(client, runner, measured):
    client.force_login(runner)
    data_page = client.get(reverse("journal:your_data")).content.decode()
    assert reverse("journal:export_extra", args=["measures"]) in data_page
    response = client.get(reverse("journal:export_extra", args=["measures"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Cache-Control"] == "no-store, private"
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    table = list(csv.DictReader(io.StringIO(text)))
    assert list(table[0]) == list(MEASURE_COLUMNS)
    final_mean = next(r for r in table if r["measure"] == "psfs_mean" and r["final"] == "yes")
    assert final_mean == {
        "date": "2026-03-02",
        "measure": "psfs_mean",
        "activity": "",
        "value": "6.5",
        "out_of": "10",
        "change_from_start": "2.5",
        "reaches_mcid": "yes",
        "final": "yes",
        "note": "",
    }
    assert any(r["measure"] == "exercise_adherence" for r in table)
    assert any(r["measure"] == "episode_length_days" and r["value"] == "10" for r in table)

    data = json.loads(b"".join(client.get(reverse("journal:export_json")).streaming_content))
    assert len(data["measures"]) == len(table)
    assert {"date": "2026-03-02", "measure": "psfs_mean", "value": 6.5, "change_from_start": 2.5}.items() <= next(
        r for r in data["measures"] if r["measure"] == "psfs_mean" and r["final"]
    ).items()
    assert data["psfs_reviews"][-1]["final"] is True


def test_an_unknown_csv_answers_404(client, runner):
    client.force_login(runner)
    assert client.get(reverse("journal:export_extra", args=["nonsense"])).status_code == 404


def test_the_physio_downloads_the_clients_measures_and_it_is_audited(client, runner, physio, measured):
    link = CareLinkFactory(runner=runner, physio=physio)
    client.force_login(physio)
    page = client.get(reverse("clinic:client", args=[link.public_id])).content.decode()
    url = reverse("clinic:client_export_extra", args=[link.public_id, "measures"])
    assert url in page
    response = client.get(url)
    assert response.status_code == 200
    assert "psfs_mean" in b"".join(response.streaming_content).decode()
    assert AuditEvent.objects.filter(actor=physio, runner=runner, action=AuditAction.EXPORT).count() == 1
    assert client.get(reverse("clinic:client_export_extra", args=[link.public_id, "nonsense"])).status_code == 404
