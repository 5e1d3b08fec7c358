"""A runner's history from Strava or Garmin: real watch files (tests/journal/data), zips and gzips built
from them, activity lists, multisport files, and each activity counted by kind on the result page."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import User
from journal.importing import archives, exports
from journal.importing.jobs import import_job_create
from journal.models import ImportFile, ImportJob, TrainingSession
from journal.tasks import run_import
from journal.watch import WatchFileError, read_fit, read_gpx, read_tcx, read_watch_file, sport_of
from tests.journal.watchfiles import fit_file, fit_sessions, gpx_file, tcx_file

DATA = Path(__file__).parent / "data"
START = dt.datetime(2026, 3, 10, 7, 0, tzinfo=dt.UTC)


def data(name: str) -> bytes:
    return (DATA / name).read_bytes()


def zipped(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


# --- golden values of the real files ------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "sport", "label", "distance_m", "duration_s", "start"),
    [
        ("garmin-fenix-5-run.fit", "run", "running", 158, 57, dt.datetime(2017, 6, 11, 14, 34, 9, tzinfo=dt.UTC)),
        ("garmin-fenix-5-walk.fit", "walk", "walking", 68, 45, dt.datetime(2017, 6, 11, 14, 32, 51, tzinfo=dt.UTC)),
        ("garmin-fenix-5-bike.fit", "other", "cycling", 460, 60, dt.datetime(2017, 6, 12, 16, 9, 22, tzinfo=dt.UTC)),
        ("Activity.fit", "run", "running", 6, 14, dt.datetime(2012, 4, 9, 21, 22, 26, tzinfo=dt.UTC)),
    ],
)
def test_real_fit_files_give_their_golden_values(name, sport, label, distance_m, duration_s, start):
    leg = read_fit(data(name)).legs[0]
    assert (leg.sport, leg.label, leg.distance_m, leg.duration_s, leg.started_at) == (
        sport,
        label,
        distance_m,
        duration_s,
        start,
    )


def test_a_ride_is_never_counted_as_a_run():
    assert read_fit(data("garmin-fenix-5-bike.fit")).legs[0].sport == "other"


def test_the_strava_android_fit_with_a_flaw_after_its_summary_keeps_the_summary():
    reading = read_fit(data("strava-android-app-201.10-b1218918.fit"))
    leg = reading.legs[0]
    assert (leg.sport, leg.distance_m, leg.duration_s) == ("run", 11274, 3558)
    assert leg.started_at == dt.datetime(2021, 9, 27, 14, 13, 10, tzinfo=dt.UTC)
    assert reading.dropped == ["the end of the file could not be read; what came before was kept"]


def test_a_fit_file_cut_short_keeps_what_was_read():
    reading = read_fit(data("activity-unexpected-eof.fit"))
    assert reading.legs[0].distance_m == 6
    assert reading.dropped


def test_a_stand_up_paddle_tcx_is_cross_training():
    reading = read_tcx(data("sup_activity_1.tcx"))
    assert [leg.sport for leg in reading.legs] == ["other"]
    assert reading.legs[0].label == "Other"


# --- sport from what the file says ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("said", "sport"),
    [
        ("9", "run"),
        ("1", "other"),
        ("10", "walk"),
        ("4", "walk"),
        ("16", "other"),
        ("running", "run"),
        ("Treadmill Running", "run"),
        ("Trail Run", "run"),
        ("Laufen", "run"),
        ("Løb", "run"),
        ("Cycling", "other"),
        ("Ride", "other"),
        ("Radfahren", "other"),
        ("Swim before brunch", "other"),
        ("strides on the track", "other"),
        ("Hiking", "walk"),
        ("Gehen", "walk"),
        ("Weight Training", "other"),
        ("generic", None),
        ("", None),
    ],
)
def test_the_sport_is_read_by_word_not_by_letters(said, sport):
    assert sport_of(said) == sport


def test_strava_gpx_types_are_numbers_and_a_run_is_a_run():
    run = gpx_file(START, kind="9")
    ride = gpx_file(START, kind="1")
    assert read_gpx(run).legs[0].sport == "run"
    assert read_gpx(ride).legs[0].sport == "other"


def test_a_gpx_named_cycling_without_a_type_is_not_a_run():
    data_ = gpx_file(START, kind="").replace(b"<name>Test</name>", b"<name>Cycling</name>")
    assert read_gpx(data_).legs[0].sport == "other"


def test_a_run_faster_than_any_runner_is_kept_as_cross_training_and_flagged():
    # 22 km in 50 minutes: 2:16 per km
    leg = read_gpx(gpx_file(START, points=221, step_m=100, step_s=14, kind="running")).legs[0]
    assert leg.sport == "other"
    assert "too fast for a run" in leg.flags[0]


# --- multisport -------------------------------------------------------------------------------------
def multisport_tcx() -> bytes:
    one = tcx_file(START, [(1200, 1000)], sport="Other").decode()
    run = tcx_file(START + dt.timedelta(hours=1), [(1800, 5000)], sport="Running").decode()

    def activity(text: str) -> str:
        return text[text.index("<Activity ") : text.index("</Activities>")]

    return (
        '<?xml version="1.0"?><TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">'
        "<Activities><MultiSportSession><Id>2026-03-10T07:00:00Z</Id>"
        f"<FirstSport>{activity(one)}</FirstSport><NextSport>{activity(run)}</NextSport>"
        "</MultiSportSession></Activities></TrainingCenterDatabase>"
    ).encode()


def test_a_multisport_tcx_gives_one_leg_per_sport():
    legs = read_tcx(multisport_tcx()).legs
    assert [(leg.sport, leg.distance_m, leg.duration_s) for leg in legs] == [("other", 1000, 1200), ("run", 5000, 1800)]


def test_a_tcx_with_a_namespace_repeated_on_every_point_is_read():
    point = '<Trackpoint><Extensions><TPX xmlns="http://www.garmin.com/xmlschemas/ActivityExtension/v2"/></Extensions></Trackpoint>'
    data_ = tcx_file(START, [(600, 2000)]).replace(b"</Lap>", b"<Track>" + point.encode() * 500 + b"</Track></Lap>")
    assert read_tcx(data_).legs[0].distance_m == 2000


def test_a_gpx_whose_first_point_has_no_position_keeps_the_rest():
    data_ = gpx_file(START).replace(b'<trkpt lat="51.5000000" lon="-0.12">', b"<trkpt>", 1)
    reading = read_gpx(data_)
    assert reading.legs[0].distance_m == pytest.approx(900, abs=3)
    assert reading.dropped == ["1 track point without a position"]


def test_a_fit_timer_time_wins_over_elapsed_time():
    # fit_file writes elapsed time only: the duration is the elapsed time
    assert read_fit(fit_file(START, 5000, 1830)).legs[0].duration_s == 1830


# --- archives ---------------------------------------------------------------------------------------
def test_a_gz_watch_file_is_read():
    reading = read_watch_file("run.fit", archives.gunzip(gzip.compress(data("garmin-fenix-5-run.fit")), 10**7))
    assert reading.legs[0].sport == "run"


def test_a_zip_bomb_is_refused_without_decompressing_it():
    bomb = zipped({"activities/bomb.gpx": b"\0" * (50 * 1024 * 1024)})
    assert len(bomb) < 100_000
    opened = archives.open_upload("export.zip", bomb)
    assert opened.watch_files == []
    assert opened.refused == [("activities/bomb.gpx", "it is too large, or compressed suspiciously well")]
    assert opened.total == 0


def test_zips_nested_too_deep_are_refused():
    inner = zipped({"a.fit": data("Activity.fit")})
    for _ in range(4):
        inner = zipped({"inner.zip": inner})
    opened = archives.open_upload("export.zip", inner)
    assert opened.watch_files == []
    assert "nested more than 3 deep" in opened.refused[0][1]


def test_a_zip_with_too_many_members_is_refused_by_its_directory():
    many = zipped({f"{i}.txt": b"" for i in range(archives.MAX_MEMBERS + 1)}, zipfile.ZIP_STORED)
    with pytest.raises(archives.ArchiveRefused, match="more than 5,000 files"):
        archives.open_upload("export.zip", many)


def test_photos_and_settings_are_passed_over_unread():
    opened = archives.open_upload("export.zip", zipped({"media/a.jpg": b"x" * 1000, "profile.csv": b"a,b\n"}))
    assert (opened.watch_files, opened.passed_over) == ([], 2)


# --- activity lists ---------------------------------------------------------------------------------
STRAVA_OLD = (
    "Activity ID,Activity Date,Activity Name,Activity Type,Activity Description,Elapsed Time,Distance,"
    "Relative Effort,Commute,Activity Gear,Filename\n"
    '101,"Mar 1, 2026, 7:00:00 AM",Morning Run,Run,,1800,5.02,,false,,activities/101.gpx.gz\n'
    '102,"Mar 2, 2026, 7:00:00 AM",Morning Ride,Ride,,3600,20.5,,false,,\n'
)
STRAVA_NEW = (
    "Activity ID,Activity Date,Activity Name,Activity Type,Activity Description,Elapsed Time,Distance,"
    "Max Heart Rate,Relative Effort,Commute,Activity Private Note,Activity Gear,Filename,Athlete Weight,"
    "Bike Weight,Elapsed Time,Moving Time,Distance,Max Speed\n"
    '201,"Mar 3, 2026, 6:30:00 PM",Evening Run,Run,,2000,8.10,,,false,,,activities/201.fit.gz,,,2000.0,1900.0,8104.5,4.1\n'
)
GARMIN_EN = (
    "Activity Type,Date,Favorite,Title,Distance,Calories,Time,Avg HR,Max HR,Moving Time,Elapsed Time\n"
    'Running,2026-03-04 07:01:22,false,"Leeds Running",5.02,"412",00:31:40,148,163,00:31:00,00:35:00\n'
    "Strength Training,2026-03-05 18:00:00,false,Strength,0.00,250,00:55:00,110,140,--,--\n"
)
GARMIN_DE = (
    "Aktivitätstyp,Datum,Favorit,Titel,Distanz,Kalorien,Zeit,Ø Herzfrequenz\n"
    'Laufen,2026-03-06 07:00:00,false,Morgenlauf,"10,25",700,"00:55:10",150\n'
    'Radfahren,2026-03-07 07:00:00,false,Rad,"40,0",900,"01:30:00",130\n'
)
GARMIN_DA = (
    "Aktivitetstype,Dato,Favorit,Titel,Distance,Kalorier,Tid\n"
    'Løb,2026-03-08 07:00:00,false,Morgenløb,"7,5",500,"00:40:00"\n'
)


@pytest.mark.parametrize(
    ("text", "service", "rows"),
    [
        (STRAVA_OLD, "strava", [("Run", 5020, 1800, "activities/101.gpx.gz"), ("Ride", 20500, 3600, "")]),
        (STRAVA_NEW, "strava", [("Run", 8104, 1900, "activities/201.fit.gz")]),
        (GARMIN_EN, "garmin", [("Running", 5020, 1860, ""), ("Strength Training", 0, 3300, "")]),
        (GARMIN_DE, "garmin", [("Laufen", 10250, 3310, ""), ("Radfahren", 40000, 5400, "")]),
        (GARMIN_DA, "garmin", [("Løb", 7500, 2400, "")]),
    ],
)
def test_activity_lists_are_read_by_column_meaning(text, service, rows):
    found, summaries, refused = exports.read_list(text.encode())
    assert found == service
    assert [(s.label, s.distance_m, s.duration_s, s.file) for s in summaries] == rows
    assert refused == []


def run_job(runner, name: str, content: bytes, kind=ImportJob.Kind.WATCH) -> ImportJob:
    job = import_job_create(runner=runner, kind=kind, files=[(name, content)])
    run_import(job.pk)
    job.refresh_from_db()
    return job


@pytest.mark.django_db
def test_a_strava_export_imports_in_one_upload_with_the_lists_type_and_name(runner, django_capture_on_commit_callbacks):
    gpx = gpx_file(dt.datetime(2026, 3, 1, 7, 0, tzinfo=dt.UTC), kind="1")  # the file says ride...
    export = zipped(
        {
            "activities.csv": STRAVA_OLD.encode(),  # ... the list says run: the list wins
            "activities/101.gpx.gz": gzip.compress(gpx),
            "media/photo.jpg": b"\xff\xd8" + b"x" * 100,
        }
    )
    with django_capture_on_commit_callbacks(execute=False):
        job = run_job(runner, "export_123.zip", export)
    assert job.status == ImportJob.Status.DONE
    sessions = TrainingSession.objects.filter(runner=runner).order_by("started_at")
    assert [(s.session_type, s.source, s.notes) for s in sessions] == [
        ("easy", "gpx", "Morning Run"),
        ("cross_training", "csv", "Morning Ride"),
    ]
    assert sessions[1].distance_m == 20500

    with django_capture_on_commit_callbacks(execute=False):
        again = run_job(runner, "export_123.zip", export)
    assert TrainingSession.objects.filter(runner=runner).count() == 2  # the same export twice adds nothing
    assert sorted(again.files.exclude(state="unpacked").values_list("state", flat=True)) == ["skipped", "skipped"]


@pytest.mark.django_db
def test_a_garmin_export_with_nested_zips_imports_each_fit(runner, django_capture_on_commit_callbacks):
    uploaded = zipped({"run.fit": data("garmin-fenix-5-run.fit"), "ride.fit": data("garmin-fenix-5-bike.fit")})
    export = zipped({"DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip": uploaded})
    with django_capture_on_commit_callbacks(execute=False):
        run_job(runner, "garmin.zip", export)
    assert sorted(TrainingSession.objects.values_list("session_type", flat=True)) == ["cross_training", "easy"]


@pytest.mark.django_db
def test_a_garmin_list_uploaded_on_the_csv_page_imports_its_activities(runner, django_capture_on_commit_callbacks):
    runner.time_zone = "Europe/Berlin"
    runner.save()
    with django_capture_on_commit_callbacks(execute=False):
        run_job(runner, "Activities.csv", GARMIN_DE.encode(), kind=ImportJob.Kind.CSV)
    run, ride = TrainingSession.objects.order_by("started_at")
    assert (run.session_type, run.distance_m, run.duration_s) == ("easy", 10250, 3310)
    assert run.started_at == dt.datetime(2026, 3, 6, 6, 0, tzinfo=dt.UTC)  # local time in the runner's zone
    assert ride.session_type == "cross_training"


@pytest.mark.django_db
def test_the_result_page_counts_each_kind_and_names_refusals(client, runner, django_capture_on_commit_callbacks):
    client.force_login(runner)
    export = zipped(
        {
            "a/run.fit": data("garmin-fenix-5-run.fit"),
            "a/walk.fit.gz": gzip.compress(data("garmin-fenix-5-walk.fit")),
            "a/ride.fit": data("garmin-fenix-5-bike.fit"),
            "a/multi.tcx": multisport_tcx(),
            "a/broken.gpx": b"<gpx><trk></trk></gpx>",
        }
    )
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(reverse("journal:import_watch"), {"files": [SimpleUploadedFile("export.zip", export)]})
    assert response.status_code == 302
    run_import(ImportJob.objects.get().pk)
    html = client.get(response["Location"]).content.decode()
    assert "Finished: 4 of 5 files imported." in html
    assert '<tr><th scope="row">Runs</th><td>2</td><td>0</td><td>0</td></tr>' in html
    assert '<tr><th scope="row">Walks</th><td>1</td><td>0</td><td>0</td></tr>' in html
    assert "<td>2</td><td>0</td><td>0</td></tr>" in html  # cross-training: the ride and the swim leg
    assert "<strong>a/broken.gpx</strong>: Not imported: its track has no times" in html
    assert "Opened: 5 activities found." in html
    assert TrainingSession.objects.count() == 5


@pytest.mark.django_db
def test_a_big_export_is_read_in_chunks_with_progress_and_resumes(
    client, runner, monkeypatch, django_capture_on_commit_callbacks
):
    queued = []
    monkeypatch.setattr("journal.importing.jobs.queue_import", queued.append)
    files = {f"activities/{i}.fit": fit_file(START - dt.timedelta(days=i), 5000, 1500) for i in range(12)}
    with django_capture_on_commit_callbacks(execute=False):
        job = import_job_create(runner=runner, kind=ImportJob.Kind.WATCH, files=[("export.zip", zipped(files))])
    from journal.importing.jobs import import_job_run

    import_job_run(job_id=job.pk, cpu_seconds=0.0)  # opens the upload, reads one activity, queues the rest
    assert queued == [job.pk]
    client.force_login(runner)
    html = client.get(reverse("journal:import_job", args=[job.public_id])).content.decode()
    assert "1 of 12 files read so far" in html
    while ImportJob.objects.get(pk=job.pk).status != ImportJob.Status.DONE:
        import_job_run(job_id=job.pk, cpu_seconds=0.0)
    assert TrainingSession.objects.count() == 12
    assert ImportFile.objects.filter(job=job, state="imported").count() == 12


@pytest.mark.django_db
def test_the_daily_activity_budget_pauses_the_import_until_the_next_day(
    runner, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_ACTIVITIES_PER_DAY = 2
    files = {f"{i}.fit": fit_file(START - dt.timedelta(days=i), 5000, 1500) for i in range(3)}
    with django_capture_on_commit_callbacks(execute=False):
        job = run_job(runner, "export.zip", zipped(files))
    assert job.status == ImportJob.Status.PAUSED
    assert job.paused_until > dt.datetime.now(dt.UTC)
    assert TrainingSession.objects.count() == 2


def test_an_unknown_file_in_a_gz_is_named():
    with pytest.raises(WatchFileError, match="not a GPX, TCX or FIT"):
        read_watch_file("notes.txt", b"hello")


# --- bounded work (issue 20, item 5) -----------------------------------------------------------------
def test_stray_elements_are_dropped_as_they_are_read():
    import tracemalloc

    stray = b"<x/>" * 200_000  # elements that are not track points
    data_ = gpx_file(START).replace(b"<trkseg>", b"<trkseg>" + stray)
    tracemalloc.start()
    try:
        read_gpx(data_)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 5 * 1024 * 1024  # kept, they took 40 MB before every element was dropped once read


def test_a_namespace_repeated_on_every_point_counts_once():
    point = b'<trkpt lat="51.5" lon="0" xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1"><time>2026-03-10T07:00:00Z</time></trkpt>'
    data_ = gpx_file(START).replace(b"<trkseg>", b"<trkseg>" + point * 1276)
    assert read_gpx(data_).legs[0].started_at == START


def test_the_fit_reader_is_bounded_by_cpu_time_not_by_the_clock(monkeypatch):
    import time

    monkeypatch.setattr(time, "monotonic", lambda: 1e12)  # a wall clock far ahead changes nothing
    assert read_watch_file("a.fit", data("strava-android-app-201.10-b1218918.fit")).legs


def test_imports_go_to_their_own_queue_which_a_worker_consumes():
    from celery import current_app

    root = Path(__file__).resolve().parents[2]
    assert current_app.amqp.router.route({}, "journal.run_import")["queue"].name == "imports"
    assert current_app.conf.worker_max_memory_per_child >= 50_000
    for path in ("Procfile", "Procfile.production", "deploy/systemd/backtrack-importer.service"):
        assert "--queues imports" in (root / path).read_text()
    assert '"celery,imports"' in (root / "tests" / "utils.py").read_text()  # the test worker too (WorkerProcess)


@pytest.mark.django_db
def test_an_upload_without_its_csrf_token_is_refused_after_the_budget_check(runner):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(runner)
    response = client.post(reverse("journal:import_watch"), {"files": [SimpleUploadedFile("a.gpx", gpx_file(START))]})
    assert response.status_code == 403
    assert not ImportJob.objects.exists()


@pytest.mark.django_db
def test_an_upload_over_200_mb_is_refused_from_its_size_alone(client, runner):
    client.force_login(runner)
    response = client.post(
        reverse("journal:import_watch"),
        data=b"x",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(300 * 1024 * 1024),
    )
    assert response.status_code == 413
    assert "larger than 200 MB" in response.content.decode()


@pytest.mark.django_db
def test_the_journal_filtered_to_an_import_shows_only_its_days(client, runner, django_capture_on_commit_callbacks):
    TrainingSession.objects.create(
        runner=runner, day=dt.date(2026, 2, 1), session_type="easy", distance_m=3000, duration_s=1200
    )
    with django_capture_on_commit_callbacks(execute=False):
        job = run_job(runner, "run.fit", fit_file(START, 5000, 1500))
    client.force_login(runner)
    page = client.get(reverse("journal:import_job", args=[job.public_id])).content.decode()
    link = f"{reverse('journal:entries')}?import={job.public_id}"
    assert f'href="{link}"' in page
    html = client.get(link).content.decode()
    assert "Showing the days your import of" in html
    assert "Tuesday 10 March 2026" in html
    assert "Sunday 1 February 2026" not in html  # the session typed in by hand is not part of the import
    other = User.objects.create_user("other@example.com", None)
    client.force_login(other)
    assert client.get(link).status_code in (403, 404)  # another person's import is not theirs to see


def test_a_multisport_fit_gives_each_session_its_own_sport_and_the_timer_time():
    legs = read_fit(
        fit_sessions(
            [
                (START, 1500, 1800, 1700, 5),  # swim
                (START + dt.timedelta(hours=1), 40_000, 4000, 3900, 2),  # ride
                (START + dt.timedelta(hours=2, minutes=30), 10_000, 6634, 1830, 1),  # run, paused a long while
            ]
        )
    ).legs
    assert [(leg.sport, leg.label, leg.distance_m, leg.duration_s) for leg in legs] == [
        ("other", "swimming", 1500, 1700),
        ("other", "cycling", 40_000, 3900),
        ("run", "running", 10_000, 1830),  # the timer time, not the 6,634 s elapsed
    ]


def test_the_watchs_own_distance_wins_over_a_developer_field_of_the_same_name():
    leg = read_fit(fit_sessions([(START, 5000, 1800, 1800, 1)], dev_distance_m=99_999)).legs[0]
    assert leg.distance_m == 5000


@pytest.mark.django_db
def test_a_single_gz_watch_file_uploads_and_imports(client, runner, django_capture_on_commit_callbacks):
    client.force_login(runner)
    upload = SimpleUploadedFile("ride.fit.gz", gzip.compress(data("garmin-fenix-5-bike.fit")))
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(reverse("journal:import_watch"), {"files": [upload]})
    run_import(ImportJob.objects.get().pk)
    html = client.get(response["Location"]).content.decode()
    assert "<strong>ride.fit.gz</strong>: Imported." in html
    assert TrainingSession.objects.get().session_type == "cross_training"


@pytest.mark.django_db
def test_a_csv_that_is_no_activity_list_is_refused_with_the_reason(runner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        job = run_job(runner, "notes.csv", b"a,b\n1,2\n")
    assert list(job.files.values_list("state", "message")) == [
        ("refused", "Not imported: notes.csv: it is not a Strava or Garmin Connect activity list.")
    ]


@pytest.mark.django_db
def test_a_paused_import_carries_on_when_its_page_is_opened_the_next_day(
    client, runner, monkeypatch, django_capture_on_commit_callbacks
):
    queued = []
    monkeypatch.setattr("journal.importing.jobs.queue_import", queued.append)
    with django_capture_on_commit_callbacks(execute=False):
        job = import_job_create(
            runner=runner, kind=ImportJob.Kind.WATCH, files=[("a.fit", fit_file(START, 5000, 1500))]
        )
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.PAUSED, paused_until=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    )
    client.force_login(runner)
    client.get(reverse("journal:import_job", args=[job.public_id]))
    assert queued == [job.pk]
    assert ImportJob.objects.get(pk=job.pk).status == ImportJob.Status.QUEUED
    run_import(job.pk)
    assert ImportJob.objects.get(pk=job.pk).status == ImportJob.Status.DONE


def test_a_fit_summary_without_distance_takes_the_records_distance():
    from journal.management.commands.bench_import import fit_activity

    leg = read_fit(fit_activity(START, 600, summary_distance=False)).legs[0]
    assert leg.distance_m == round(599 * 2.8)  # the last record's distance, not 0 km
    assert leg.duration_s == 600


def test_a_fit_that_ends_early_keeps_its_records():
    from journal.management.commands.bench_import import fit_activity

    whole = fit_activity(START, 1200)
    reading = read_fit(whole[: len(whole) // 2])  # cut in the middle of its records, before the session
    leg = reading.legs[0]
    assert leg.started_at == START
    assert 1500 < leg.distance_m < 1700  # about half of 1,200 s at 2.8 m/s
    assert reading.dropped == ["the end of the file could not be read; what came before was kept"]


def test_a_start_before_2010_is_flagged_as_a_likely_planned_route():
    leg = read_gpx(gpx_file(dt.datetime(2000, 1, 1, 0, 0, tzinfo=dt.UTC))).legs[0]
    assert leg.flags == ("it starts on 1 January 2000, which looks like a planned route, not a recording",)
