"""GPX, TCX and FIT files from watches: parsed into sessions, several at once, broken files named."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from journal.importing import watch_import
from journal.models import TrainingSession
from journal.watch import WatchFileError, parse_activity, parse_fit, parse_gpx, parse_tcx
from tests.journal.watchfiles import ENTITY_BOMB, fit_file, gpx_file, tcx_file

START = dt.datetime(2026, 3, 10, 7, 0, tzinfo=dt.UTC)


def test_a_gpx_track_gives_its_start_distance_and_duration():
    activity = parse_gpx(gpx_file(START, points=11, step_m=100, step_s=30))
    assert activity.started_at == START
    assert activity.distance_m == pytest.approx(1000, abs=3)
    assert activity.duration_s == 300
    assert activity.sport == "run"


def test_a_tcx_file_adds_up_its_laps():
    activity = parse_tcx(tcx_file(START, [(600, 2000.5), (630.4, 2100)], sport="Running"))
    assert (activity.started_at, activity.distance_m, activity.duration_s) == (START, 4100, 1230)


def test_a_fit_file_gives_its_session_figures():
    activity = parse_fit(fit_file(START, distance_m=10_012.34, duration_s=3000.5))
    assert (activity.started_at, activity.distance_m, activity.duration_s, activity.sport) == (
        START,
        10012,
        3000,
        "run",
    )


def test_a_fit_file_with_a_wrong_checksum_is_refused():
    data = bytearray(fit_file(START, 5000, 1800))
    data[-3] ^= 0xFF
    with pytest.raises(WatchFileError):
        parse_fit(bytes(data))


def test_xml_entity_bombs_are_refused_before_parsing():
    with pytest.raises(WatchFileError, match="DTD or entities"):
        parse_activity("bomb.gpx", ENTITY_BOMB)
    with pytest.raises(WatchFileError, match="DTD or entities"):
        parse_activity("bomb.tcx", ENTITY_BOMB.replace(b"gpx", b"TrainingCenterDatabase"))


def test_unknown_files_are_named_as_such():
    with pytest.raises(WatchFileError, match="not a GPX, TCX or FIT"):
        parse_activity("notes.txt", b"hello")


@pytest.mark.django_db
def test_several_files_import_while_a_broken_one_is_reported_by_name_and_duplicates_are_skipped(runner):
    files = [
        ("morning.gpx", gpx_file(START)),
        ("broken.fit", b"\x0e\x10garbage"),
        ("tempo.tcx", tcx_file(START + dt.timedelta(days=1), [(1800, 6000)])),
        ("long.fit", fit_file(START - dt.timedelta(days=2), 21_000, 7200)),
        ("walk.gpx", gpx_file(START - dt.timedelta(days=3), kind="walking")),
    ]
    results = watch_import(runner=runner, files=files)
    assert [(r.name, r.ok) for r in results] == [
        ("morning.gpx", True),
        ("broken.fit", False),
        ("tempo.tcx", True),
        ("long.fit", True),
        ("walk.gpx", True),
    ]
    assert "broken.fit" in results[1].name
    assert "Not imported" in results[1].message
    sessions = TrainingSession.objects.filter(runner=runner).order_by("started_at")
    assert [(s.source, s.session_type) for s in sessions] == [
        ("gpx", "walk"),
        ("fit", "easy"),
        ("gpx", "easy"),
        ("tcx", "easy"),
    ]
    assert sessions[0].distance_m == pytest.approx(1000, abs=3)
    assert sessions[1].distance_m == 21_000
    assert sessions.count() == 4

    again = watch_import(runner=runner, files=files)
    assert [r.message.startswith("Skipped") for r in again if r.ok] == [True, True, True, True]
    assert TrainingSession.objects.filter(runner=runner).count() == 4


@pytest.mark.django_db
def test_the_session_day_is_the_runners_local_day_of_the_start(runner):
    runner.time_zone = "America/Los_Angeles"
    runner.save()
    watch_import(runner=runner, files=[("late.gpx", gpx_file(dt.datetime(2026, 3, 10, 3, 0, tzinfo=dt.UTC)))])
    assert TrainingSession.objects.get(runner=runner).day == dt.date(2026, 3, 9)


@pytest.mark.django_db
def test_the_web_form_takes_several_files_at_once(client, runner):
    client.force_login(runner)
    response = client.post(
        reverse("journal:import_watch"),
        {
            "files": [
                SimpleUploadedFile("a.gpx", gpx_file(START)),
                SimpleUploadedFile("b.fit", fit_file(START + dt.timedelta(hours=5), 5000, 1500)),
                SimpleUploadedFile("c.tcx", ENTITY_BOMB),
            ]
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "c.tcx" in html
    assert "Not imported" in html
    assert TrainingSession.objects.filter(runner=runner).count() == 2


@pytest.mark.django_db
def test_the_web_form_answers_400_when_every_file_is_broken_or_none_is_given(client, runner):
    client.force_login(runner)
    url = reverse("journal:import_watch")
    assert client.post(url, {"files": [SimpleUploadedFile("x.gpx", b"<gpx")]}).status_code == 400
    assert client.post(url, {}).status_code == 400
    assert not TrainingSession.objects.exists()
