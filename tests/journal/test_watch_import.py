"""GPX, TCX and FIT files from watches: parsed into sessions, several at once, broken files named."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.datastructures import MultiValueDict

from journal.forms import WatchImportForm
from journal.models import ImportJob, TrainingSession
from journal.tasks import run_import
from journal.watch import WatchFileError
from tests.journal.watchfiles import (
    ENTITY_BOMB,
    fit_file,
    gpx_file,
    parse_activity,
    parse_fit,
    parse_gpx,
    parse_tcx,
    tcx_file,
    watch_import,
)

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


def post_and_run(client, django_capture_on_commit_callbacks, url, data):
    """Posts an import, runs its task function in-process, and returns the upload answer and the job page."""
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post(url, data)
    if response.status_code != 302:
        return response, None
    assert len(queued) == 1  # the task is queued once the upload is committed
    job = ImportJob.objects.get()
    run_import(job.pk)
    return response, client.get(response["Location"])


@pytest.mark.django_db
def test_the_web_form_takes_several_files_at_once(client, runner, django_capture_on_commit_callbacks):
    client.force_login(runner)
    files = [
        SimpleUploadedFile("a.gpx", gpx_file(START)),
        SimpleUploadedFile("b.fit", fit_file(START + dt.timedelta(hours=5), 5000, 1500)),
        SimpleUploadedFile("c.tcx", ENTITY_BOMB),
    ]
    response, page = post_and_run(
        client, django_capture_on_commit_callbacks, reverse("journal:import_watch"), {"files": files}
    )
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("journal:import_job", args=[job.public_id])
    assert page.status_code == 200
    html = page.content.decode()
    assert "Finished: 2 of 3 files imported." in html
    assert "<strong>c.tcx</strong>: Not imported: it declares a DTD or entities" in html
    assert 'http-equiv="refresh"' not in html
    assert TrainingSession.objects.filter(runner=runner).count() == 2
    assert list(job.files.values_list("data", flat=True)) == [b"", b"", b""]  # the bytes are dropped once read


@pytest.mark.django_db
def test_the_job_page_reloads_itself_while_files_wait(client, runner, django_capture_on_commit_callbacks):
    client.force_login(runner)
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(
            reverse("journal:import_watch"), {"files": [SimpleUploadedFile("a.gpx", gpx_file(START))]}
        )
    html = client.get(response["Location"]).content.decode()
    assert 'http-equiv="refresh"' in html
    assert "0 of 1 file read so far" in html
    assert "<strong>a.gpx</strong>: waiting to be read." in html


@pytest.mark.django_db
def test_the_web_form_answers_400_when_no_file_is_given(client, runner):
    client.force_login(runner)
    response = client.post(reverse("journal:import_watch"), {})
    assert response.status_code == 400
    assert "Choose at least one file." in response.content.decode()
    assert not ImportJob.objects.exists()


def test_the_form_takes_at_most_20_files():
    # Django itself answers 400 to a request with more than DATA_UPLOAD_MAX_NUMBER_FILES (20) files.
    many = [SimpleUploadedFile(f"{i}.gpx", b"<gpx/>") for i in range(21)]
    form = WatchImportForm(data={}, files=MultiValueDict({"files": many}))
    assert not form.is_valid()
    assert form.errors["files"] == ["Choose at most 20 files at a time."]
