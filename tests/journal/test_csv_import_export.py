"""CSV and JSON exports, CSV import (web and command): round trip, all-or-nothing, idempotent."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.http import StreamingHttpResponse
from django.urls import reverse

from journal.exporting import entries_csv, km, neutralise, sessions_csv
from journal.importing.journal_csv import ImportRefused, csv_import
from journal.models import Entry, ImportJob, TrainingSession
from journal.tasks import run_import
from tests.factories import EntryFactory, TrainingSessionFactory

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 11, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


def _text(chunks) -> str:
    return "".join(chunks)


def _journal(runner):
    EntryFactory(
        runner=runner,
        day=dt.date(2026, 3, 1),
        pain=4,
        pain_side="right",
        normal_stride=False,
        spasm=True,
        symptoms=["leg_pain", "night_pain"],
        morning_stiffness_min=30,
        sleep_disturbed=True,
        notes='=HYPERLINK("http://evil")\nsecond line, "quoted"',
    )
    EntryFactory(runner=runner, day=dt.date(2026, 3, 2), pain=0, pain_side="", notes="-5 is fine as text")
    TrainingSessionFactory(
        runner=runner,
        day=dt.date(2026, 3, 1),
        started_at=dt.datetime(2026, 3, 1, 7, 30, 5, tzinfo=dt.UTC),
        distance_m=10_123,
        duration_s=3_001,
        rpe=6,
        pain_during=2,
        pain_after=3,
        source="gpx",
        notes="@cmd",
    )
    TrainingSessionFactory(runner=runner, day=dt.date(2026, 3, 2), session_type="run_walk", distance_m=0, duration_s=1)


def _entry_tuple(e):
    return (
        e.day,
        e.pain,
        e.pain_side,
        e.normal_stride,
        e.spasm,
        e.symptoms,
        e.morning_stiffness_min,
        e.sleep_disturbed,
        e.notes,
    )


def _session_tuple(s):
    return (
        s.day,
        s.started_at,
        s.session_type,
        s.distance_m,
        s.duration_s,
        s.rpe,
        s.pain_during,
        s.pain_after,
        s.source,
        s.notes,
    )


def test_formula_cells_are_neutralised_but_plain_text_is_not():
    assert neutralise("=SUM(A1)") == "'=SUM(A1)"
    assert neutralise("+1") == "'+1"
    assert neutralise("@x") == "'@x"
    assert neutralise("-x") == "'-x"
    assert neutralise("easy run") == "easy run"


def test_entries_csv_has_the_documented_columns_and_neutralises_notes(runner):
    _journal(runner)
    rows = list(csv.reader(io.StringIO(_text(entries_csv(runner=runner)).lstrip("\ufeff"))))
    assert rows[0] == [
        "date", "pain", "pain_side", "normal_stride", "spasm", "symptoms",
        "morning_stiffness_min", "sleep_disturbed", "notes",
    ]  # fmt: skip
    assert rows[1][:8] == ["2026-03-01", "4", "right", "no", "yes", "leg_pain;night_pain", "30", "yes"]
    assert rows[1][8].startswith("'=HYPERLINK")
    assert rows[2][8] == "'-5 is fine as text"


def test_sessions_csv_writes_km_and_minutes(runner):
    _journal(runner)
    rows = list(csv.reader(io.StringIO(_text(sessions_csv(runner=runner)).lstrip("\ufeff"))))
    assert rows[0][:5] == ["date", "started_at", "session_type", "distance_km", "duration_min"]
    assert rows[1][:8] == ["2026-03-01", "2026-03-01T07:30:05+00:00", "easy", "10.123", "50.0167", "6", "2", "3"]
    assert rows[1][9] == "'@cmd"


def test_exports_and_imports_round_trip_into_a_fresh_account(runner, other_runner):
    _journal(runner)
    entries = _text(entries_csv(runner=runner)).encode()
    sessions = _text(sessions_csv(runner=runner)).encode()
    assert csv_import(runner=other_runner, data=entries).created == 2
    assert csv_import(runner=other_runner, data=sessions).created == 2
    mine = sorted(map(_entry_tuple, Entry.objects.filter(runner=runner)))
    theirs = sorted(map(_entry_tuple, Entry.objects.filter(runner=other_runner)))
    assert mine == theirs
    key = lambda t: (t[0], t[2])  # noqa: E731
    assert sorted(map(_session_tuple, TrainingSession.objects.filter(runner=runner)), key=key) == sorted(
        map(_session_tuple, TrainingSession.objects.filter(runner=other_runner)), key=key
    )


def test_importing_the_same_file_twice_changes_nothing(runner):
    data = b"date,distance_km,duration_min,session_type\n2026-03-01,5,30,easy\n2026-03-02,8.2,50,long\n"
    assert csv_import(runner=runner, data=data).created == 2
    again = csv_import(runner=runner, data=data)
    assert (again.created, again.unchanged) == (0, 2)
    entries = b"date,pain\n2026-03-01,3\n"
    csv_import(runner=runner, data=entries)
    again = csv_import(runner=runner, data=entries)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    assert TrainingSession.objects.count() == 2
    assert Entry.objects.count() == 1


def test_a_reimport_with_a_changed_pain_updates_that_day(runner):
    csv_import(runner=runner, data=b"date,pain\n2026-03-01,3\n")
    result = csv_import(runner=runner, data=b"date,pain\n2026-03-01,5\n")
    assert result.updated == 1
    assert Entry.objects.get(runner=runner).pain == 5


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b"date,pain\n2026-03-01,3\n2026-03-02,11\n", "Line 3: pain 11 must be between 0 and 10."),
        (b"date,pain\n2026-03-12,3\n", "Line 2: date 2026-03-12 is in the future."),
        (b"date,pain\n01/03/2026,3\n", "Line 2: date '01/03/2026' is not a date written as YYYY-MM-DD."),
        (b"date,pain\n2026-03-01,3\n2026-03-01,4\n", "Line 3: 2026-03-01 already appears on line 2."),
        (b"date,pain\n2026-03-01,\n", "Line 2: pain is missing."),
        (b"date,pain\n2026-03-01,2.5\n", "Line 2: pain '2.5' must be a whole number."),
        (b"date,pain,symptoms\n2026-03-01,2,hiccups\n", "Line 2: unknown symptom code hiccups."),
        (b"date,notes\n2026-03-01,x\n", "Line 1: the header must name the columns"),
        (b"date,distance_km,session_type\n2026-03-01,5,easy\n", "Line 1: the header lacks the column duration_min."),
        (
            b"date,distance_km,duration_min,session_type\n2026-03-01,-1,30,easy\n",
            "Line 2: distance_km -1 must be between 0 and 300.",
        ),
        (
            b"date,distance_km,duration_min,session_type\n2026-03-01,301,30,easy\n",
            "Line 2: distance_km 301 must be between 0 and 300.",
        ),
        (
            b"date,distance_km,duration_min,session_type\n2026-03-01,5,0,easy\n",
            "Line 2: duration_min 0 must be more than 0",
        ),
        (
            b"date,distance_km,duration_min,session_type\n2026-03-01,5,2881,easy\n",
            "Line 2: duration_min 2881 must be more",
        ),
        (
            b"date,distance_km,duration_min,session_type\n2026-03-01,5,30,sprint\n",
            "Line 2: session_type 'sprint' should be",
        ),
        (b"", "Line 1: the file is empty."),
        (b"\xff\xfe\x00d", "not UTF-8"),
    ],
)
def test_a_bad_row_refuses_the_whole_file_with_its_line_number(runner, body, expected):
    with pytest.raises(ImportRefused) as refused:
        csv_import(runner=runner, data=body)
    assert any(expected in e for e in refused.value.errors), refused.value.errors
    assert not Entry.objects.exists()
    assert not TrainingSession.objects.exists()


def test_line_numbers_count_physical_lines_even_with_multiline_notes(runner):
    body = b'date,pain,notes\n2026-03-01,3,"two\nlines"\n2026-03-02,12,x\n'
    with pytest.raises(ImportRefused) as refused:
        csv_import(runner=runner, data=body)
    assert refused.value.errors == ["Line 4: pain 12 must be between 0 and 10."]


def _upload_and_run(client, capture, upload):
    with capture(execute=False):
        response = client.post(reverse("journal:import_csv"), {"file": upload})
    assert response.status_code == 302
    run_import(ImportJob.objects.get().pk)
    return client.get(response["Location"])


def test_the_web_import_refuses_a_bad_file_and_lists_the_lines(client, runner, django_capture_on_commit_callbacks):
    client.force_login(runner)
    upload = SimpleUploadedFile("mine.csv", b"date,pain\n2026-03-01,3\n2026-03-02,99\n")
    page = _upload_and_run(client, django_capture_on_commit_callbacks, upload)
    html = page.content.decode()
    assert "<strong>mine.csv</strong>: Not imported, nothing was changed." in html
    assert "Line 3: pain 99 must be between 0 and 10." in html
    assert not Entry.objects.exists()


def test_the_web_import_takes_a_good_file(client, runner, django_capture_on_commit_callbacks):
    client.force_login(runner)
    upload = SimpleUploadedFile("mine.csv", b"date,pain\n2026-03-01,3\n")
    page = _upload_and_run(client, django_capture_on_commit_callbacks, upload)
    assert "Imported entries: 1 added" in page.content.decode()
    assert Entry.objects.get(runner=runner).pain == 3


def test_the_import_command_imports_and_exits_non_zero_on_a_bad_file(runner, tmp_path, capsys):
    good = tmp_path / "good.csv"
    good.write_text("date,pain\n2026-03-01,3\n")
    bad = tmp_path / "bad.csv"
    bad.write_text("date,pain\n2026-03-02,3\n2026-03-03,x\n")
    call_command("import_journal", "--user", runner.email, str(good))
    assert Entry.objects.count() == 1
    with pytest.raises(CommandError):
        call_command("import_journal", "--user", runner.email, str(bad))
    assert "Line 3: pain 'x' is not a number." in capsys.readouterr().err
    assert Entry.objects.count() == 1
    with pytest.raises(CommandError, match="No runner"):
        call_command("import_journal", "--user", "nobody@example.com", str(good))


def test_exports_stream_and_belong_to_the_signed_in_runner_only(client, runner, other_runner):
    _journal(other_runner)
    EntryFactory(runner=runner, day=dt.date(2026, 3, 5), pain=7)
    client.force_login(runner)
    response = client.get(reverse("journal:export_entries"))
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Disposition"] == 'attachment; filename="backtrack-entries.csv"'
    body = b"".join(response.streaming_content).decode()
    assert "2026-03-05,7" in body
    assert "2026-03-01" not in body


def test_the_json_export_holds_everything_the_runner_owns(client, runner):
    _journal(runner)
    runner.country = "IE"
    runner.save(update_fields=["country"])
    client.force_login(runner)
    response = client.get(reverse("journal:export_json"))
    assert isinstance(response, StreamingHttpResponse)
    data = json.loads(b"".join(response.streaming_content))
    assert data["profile"]["email"] == runner.email
    assert data["profile"]["country"] == "IE"
    assert [e["day"] for e in data["entries"]] == ["2026-03-01", "2026-03-02"]
    assert len(data["sessions"]) == 2
    assert data["saved_checks"] == []
    assert data["flags"] == []
    assert data["care_links"] == []


@pytest.mark.parametrize(
    ("metres", "written"), [(10_000, "10"), (100_000, "100"), (20_500, "20.5"), (1_500, "1.5"), (1, "0.001"), (0, "0")]
)
def test_whole_kilometres_keep_their_zeros(metres, written):
    # "10" once came out as "1": the zeros of a whole number were stripped with the decimals'.
    assert km(metres) == written


def test_a_10_km_run_exported_and_imported_again_changes_nothing(runner):
    TrainingSession.objects.create(
        runner=runner, day=dt.date(2026, 3, 1), session_type="easy", distance_m=10_000, duration_s=3000
    )
    exported = _text(sessions_csv(runner=runner)).encode()
    assert ",10," in exported.decode()
    again = csv_import(runner=runner, data=exported)
    assert (again.created, again.unchanged) == (0, 1)
    assert list(TrainingSession.objects.filter(runner=runner).values_list("distance_m", flat=True)) == [10_000]


@pytest.mark.django_db(transaction=True)  # the queueing runs at the real commit, inside the request
@pytest.mark.parametrize("down", ["queue", "counter"])
def test_with_redis_down_an_import_saves_nothing_and_says_to_try_again(client, runner, monkeypatch, down):
    from kombu.exceptions import OperationalError
    from redis.exceptions import ConnectionError as RedisDown

    def broken(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379") if down == "queue" else RedisDown("down")

    monkeypatch.setattr(
        "journal.importing.jobs.queue_import" if down == "queue" else "journal.importing.jobs.budget_spend", broken
    )
    client.force_login(runner)
    upload = SimpleUploadedFile("journal.csv", b"date,pain\n2026-03-01,3\n", content_type="text/csv")
    response = client.post(reverse("journal:import_csv"), {"file": upload})
    assert response.status_code == 503
    assert response["Retry-After"] == "120"
    assert "Imports are paused for a moment: nothing was saved." in response.content.decode()
    assert not ImportJob.objects.exists()
    assert not Entry.objects.exists()


@pytest.mark.django_db
def test_standing_conditions_in_an_older_export_go_to_the_health_background_not_the_day(runner):
    """Before issue 19 the daily entry asked about cancer history every day; an export from then still imports."""
    result = csv_import(runner=runner, data=b"date,pain,symptoms\n2026-03-01,2,cancer_history;leg_pain\n")
    assert result.created == 1
    assert Entry.objects.get(runner=runner).symptoms == ["leg_pain"]
    runner.refresh_from_db()
    assert runner.standing_conditions == ["cancer_history"]
