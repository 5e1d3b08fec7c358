"""Real exports and real headers (issue 23): Garmin Connect's activity list in Danish, Norwegian and German as
real exports write it, a real Strava GPX and a real multisport FIT, each with its golden values. The sources
are in tests/journal/data/README.md and beside the header map in journal/importing/exports.py."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import zipfile
from pathlib import Path

import pytest

from journal.importing import archives, exports
from journal.importing.jobs import import_job_create
from journal.models import ImportJob, TrainingSession
from journal.tasks import run_import
from journal.watch import read_fit, read_watch_file, sport_of

DATA = Path(__file__).parent / "data"

# The header of a real Danish Activities.csv (Bjarke848/AI_TrainingPlanner, Activities.csv, commit 84a5fe31,
# exported in November 2025). The repository has no licence, so only the header is quoted; the rows below
# are our own, written the way that export writes its rows: a decimal point, a comma between thousands, a
# swim's distance in metres, `Tid` as hours and minutes, moving and elapsed time to the second.
DANISH_HEADER = (
    "Aktivitetstype,Dato,Favorit,Titel,Distance,Kalorier,Tid,Gennemsnitlig puls,Maks. puls,Aerob TE,"
    "Gennemsnitlig svømmekadence,Maksimum svømmekadence,Gennemsnitstempo,Bedste tempo,Samlet stigning,"
    "Samlet nedstigning,Gennemsnitlig skridtlængde,Gennemsnitligt vertikalt forhold,"
    "Gennemsnitligt vertikalt udsving,Gennemsnitlig kontakt med jorden,Gennemsnitlig GCT-balance,"
    "Gennemsnitlig NJT,Normalized Power® (NP®),Training Stress Score®,Gennemsnitlig effekt,Maksimal effekt,"
    "Samlet antal svømmetag,Gennemsnitlig swolf,Gennemsnitlig hastighed for tag,Skridt,Samlet antal sæt,"
    "Afladning af Body Battery,Minimum temperatur,Dekompression,Tid for bedste omgang,Antal omgange,"
    "Maksimum temperatur,Gns. antal åndedrag,Min. antal åndedrag,Maks. antal åndedrag,Tid i bevægelse,"
    "Tidsforbrug,Minimum højde,Maksimal højde"
)
# The header of a real Norwegian Activities.csv, as oskarmikalandreassen/runit src/utils/data_reader.py
# (commit 66621762) quotes it; it names Distanse twice.
NORWEGIAN_HEADER = (
    "Aktivitetstype,Dato,Favoritt,Tittel,Distanse,Totale kalorier,Tid,Gjennomsnittlig puls,Makspuls,"
    "Aerob treningseffekt,Gjennomsnittlig frekvens for loping,Maksimal frekvens for løping,"
    "Gjennomsnittlig tempo,Beste tempo,Total stigning,Totalt fall,Gjennomsnittlig skrittlengde,"
    "Gjennomsnittlig vertikalt forholdstall,Gjennomsnittlig vertikal oscillasjon,"
    "Gjennomsnittlig tid med bakkekontakt,Gjennomsnittlig balanse for tid med bakkekontakt,"
    "Training Stress Score®,Gjennomsnittlig kraft,Maksimal kraft,Vanskelighetsgrad,Flyt,Gjennomsnittlig Swolf,"
    "Gjennomsnittlig tempo for tak,Totalt antall repetisjoner,Dykketid,Minimumstemperatur,Overflateintervall,"
    "Dekompresjon,Beste rundetid,Antall runder,Makstemperatur,Distanse,Totalt fall,Tid i bevegelse,Medgått tid,"
    "Minste høyde,Maksimal høyde"
)


def garmin_list(header: str, rows: list[dict[str, str]]) -> bytes:
    """A list with `header`, each row quoted as Garmin quotes it, "--" in every column a row does not set."""
    names = header.split(",")
    lines = [header]
    for row in rows:
        cells = [row.pop(name) if name in row else "--" for name in names]
        assert not row, f"not in the header: {row}"
        lines.append(",".join(cells[:2] + [f'"{cell}"' for cell in cells[2:]]))
    return ("\n".join(lines) + "\n").encode()


DANISH_ROWS = [
    # type, date, distance, Tid, Tid i bevægelse, Tidsforbrug
    ("Løb", "2025-11-01 10:19:32", "11.18", "1:02", "01:01:12", "01:01:18"),
    ("Svøm i pool", "2025-11-01 12:19:11", "1,500", "0:45", "00:39:58", "00:45:17"),
    ("Svømning i åbent vand", "2025-08-16 10:38:06", "700", "0:22", "00:14:43", "00:24:07"),
    ("Styrketræning", "2025-10-28 15:12:06", "0.00", "0:36", "00:35:50", "00:35:50"),
    ("Gang", "2025-10-26 13:03:09", "1.94", "0:38", "00:28:07", "00:38:09"),
    ("Cykling", "2025-10-30 15:30:07", "23.57", "1:06", "01:01:46", "01:05:08"),
]


def danish_list() -> bytes:
    return garmin_list(
        DANISH_HEADER,
        [
            {
                "Aktivitetstype": kind,
                "Dato": date,
                "Favorit": "false",
                "Titel": f"Skanderborg {kind}",
                "Distance": distance,
                "Kalorier": "1,193",
                "Tid": timer,
                "Tid i bevægelse": moving,
                "Tidsforbrug": elapsed,
                "Skridt": "10,004",
                "Dekompression": "Nej",
            }
            for kind, date, distance, timer, moving, elapsed in DANISH_ROWS
        ],
    )


def test_a_real_danish_garmin_header_is_read_by_column_meaning():
    service, summaries, refused = exports.read_list(danish_list())
    assert (service, refused) == ("garmin", [])
    assert [(s.label, s.distance_m, s.duration_s, sport_of(s.label)) for s in summaries] == [
        ("Løb", 11180, 3672, "run"),  # the moving time, to the second, not "1:02"
        ("Svøm i pool", 1500, 2398, "other"),  # "1,500" metres
        ("Svømning i åbent vand", 700, 883, "other"),  # "700" metres, not 700 km
        ("Styrketræning", 0, 2150, "other"),
        ("Gang", 1940, 1687, "walk"),
        ("Cykling", 23570, 3706, "other"),
    ]
    assert summaries[0].start == dt.datetime(2025, 11, 1, 10, 19, 32)  # Garmin's local time, naive
    assert summaries[0].name == "Skanderborg Løb"


def test_the_danish_elapsed_time_is_tidsforbrug():
    # no moving time: the elapsed time, to the second, wins over "Tid" in hours and minutes
    text = danish_list().decode().replace("Tid i bevægelse", "Ikke brugt")
    _service, summaries, _refused = exports.read_list(text.encode())
    assert summaries[0].duration_s == 3678


def test_a_garmin_time_in_hours_and_minutes_is_not_read_as_minutes_and_seconds():
    text = danish_list().decode().replace("Tid i bevægelse", "Ikke brugt").replace("Tidsforbrug", "Heller ikke")
    _service, summaries, _refused = exports.read_list(text.encode())
    assert [s.duration_s for s in summaries[:2]] == [62 * 60, 45 * 60]


def test_a_real_norwegian_garmin_header_is_read_and_lopping_is_a_run():
    rows = [
        {
            "Aktivitetstype": "Løping",
            "Dato": "2024-05-02 18:23:45",
            "Favoritt": "false",
            "Tittel": "Ålesund Løping",
            "Distanse": "10.03",  # the first Distanse; the second stays "--"
            "Tid": "00:52:10",
            "Tid i bevegelse": "00:51:15",
            "Medgått tid": "00:53:00",
        },
        {"Aktivitetstype": "Bassengsvømming", "Dato": "2024-05-03 07:00:00", "Distanse": "1,050", "Tid": "00:37:00"},
    ]
    service, summaries, refused = exports.read_list(garmin_list(NORWEGIAN_HEADER, rows))
    assert (service, refused) == ("garmin", [])
    assert [(s.label, s.distance_m, s.duration_s, sport_of(s.label)) for s in summaries] == [
        ("Løping", 10030, 3075, "run"),
        ("Bassengsvømming", 1050, 2220, "other"),
    ]


# The header of a real French Activities.csv, as NaoVicarius/RunningWhale's test_imports.py (commit
# 17d5344c, no licence) quotes "an extract faithful to a real export"; the rows below are ours.
FRENCH_HEADER = (
    "Type d'activité,Date,Favori,Titre,Distance,Calories,Durée,Fréquence cardiaque moyenne,"
    "Fréquence cardiaque maximale,TE aérobie,Cadence de course moyenne,Ascension totale,Descente totale,Pas,"
    "Consommation du Body Battery,Température minimale,Temps de déplacement"
)


def test_a_real_french_garmin_header_is_read_and_a_randonnee_is_a_walk():
    rows = [
        {
            "Type d'activité": "Course à pied",
            "Date": "2026-08-10 10:52:21",
            "Titre": "Sortie du matin",
            "Distance": "3.95",
            "Durée": "00:35:20",
            "Pas": "4,404",
            "Temps de déplacement": "00:35:08",
        },
        {
            "Type d'activité": "Randonnée",
            "Date": "2026-05-16 13:18:54",
            "Titre": "Randonnée en forêt",
            "Distance": "9.70",
            "Durée": "02:49:38",
        },
        {
            "Type d'activité": "Natation en piscine",
            "Date": "2026-05-17 07:00:00",
            "Distance": "1,200",
            "Durée": "00:40:00",
        },
    ]
    service, summaries, refused = exports.read_list(garmin_list(FRENCH_HEADER, rows))
    assert (service, refused) == ("garmin", [])
    assert [(s.label, s.name, s.distance_m, s.duration_s, sport_of(s.label)) for s in summaries] == [
        ("Course à pied", "Sortie du matin", 3950, 2108, "run"),
        ("Randonnée", "Randonnée en forêt", 9700, 10178, "walk"),
        ("Natation en piscine", "", 1200, 2400, "other"),  # "--": no title,
    ]


def test_a_real_german_garmin_list_gives_its_golden_values():
    # madnetdev/regmon-os quotes this header and row from a real 2017 export (MIT; tests/journal/data/README.md)
    service, summaries, refused = exports.read_list((DATA / "garmin-activities-de.csv").read_bytes())
    assert (service, refused) == ("garmin", [])
    [ride] = summaries
    assert (ride.label, ride.name, ride.distance_m, ride.duration_s) == (
        "Radfahren",
        "Monschau Radfahren",
        42020,
        13906,
    )
    assert ride.start == dt.datetime(2017, 4, 22, 13, 12, 32)  # Garmin's local time, naive
    assert sport_of(ride.label) == "other"


@pytest.mark.django_db
def test_a_danish_garmin_list_imports_runs_walks_and_swims_in_metres(runner, django_capture_on_commit_callbacks):
    runner.time_zone = "Europe/Copenhagen"
    runner.save()
    job = import_job_create(runner=runner, kind=ImportJob.Kind.WATCH, files=[("Activities.csv", danish_list())])
    with django_capture_on_commit_callbacks(execute=False):
        run_import(job.pk)
    sessions = TrainingSession.objects.filter(runner=runner).order_by("started_at")
    assert [(s.session_type, s.distance_m) for s in sessions] == [
        ("cross_training", 700),  # open water, 16 Aug
        ("walk", 1940),
        ("cross_training", 0),
        ("cross_training", 23570),
        ("easy", 11180),
        ("cross_training", 1500),
    ]
    # Garmin's local time, in the runner's zone: 10:19:32 in Copenhagen is 09:19:32 UTC in November
    assert sessions[4].started_at == dt.datetime(2025, 11, 1, 9, 19, 32, tzinfo=dt.UTC)


# --- a real Strava GPX ------------------------------------------------------------------------------
STRAVA_GPX = "strava-trail-roche-doetre.gpx.gz"


def test_a_real_strava_gpx_with_type_9_is_a_run_with_its_golden_values():
    reading = read_watch_file("trail.gpx", archives.gunzip((DATA / STRAVA_GPX).read_bytes(), 10**7))
    [leg] = reading.legs
    assert (leg.sport, leg.label, leg.source) == ("run", "9", "gpx")
    assert leg.name == "30km selon les organisateurs, 30.75 selon la police"
    assert (leg.distance_m, leg.duration_s) == (30838, 11813)  # the track's length; first to last point
    assert leg.started_at == dt.datetime(2021, 10, 17, 7, 31, 59, tzinfo=dt.UTC)
    assert reading.dropped == []


@pytest.mark.django_db
def test_a_real_strava_gpx_gz_uploads_as_an_easy_run(runner, django_capture_on_commit_callbacks):
    job = import_job_create(
        runner=runner, kind=ImportJob.Kind.WATCH, files=[(STRAVA_GPX, (DATA / STRAVA_GPX).read_bytes())]
    )
    with django_capture_on_commit_callbacks(execute=False):
        run_import(job.pk)
    session = TrainingSession.objects.get(runner=runner)
    assert (session.session_type, session.distance_m, session.duration_s, session.source) == (
        "easy",
        30838,
        11813,
        "gpx",
    )


# --- a real multisport FIT ----------------------------------------------------------------------------
def utc(hour: int, minute: int, second: int) -> dt.datetime:
    return dt.datetime(2015, 8, 29, hour, minute, second, tzinfo=dt.UTC)


def test_a_real_multisport_fit_gives_each_of_its_four_legs_with_its_golden_values():
    # a Garmin fenix 2 multisport activity: seven sessions, four legs and three transitions between them
    reading = read_fit(gzip.decompress((DATA / "activity-large-fenxi2-multisport.fit.gz").read_bytes()))
    assert [(leg.label, leg.sport, leg.distance_m, leg.duration_s, leg.started_at) for leg in reading.legs] == [
        ("generic", "run", 25072, 11738, utc(8, 0, 1)),  # the watch names no sport: a run, as for any file
        ("running", "run", 2245, 2295, utc(10, 36, 0)),
        ("running", "run", 12740, 6764, utc(11, 14, 21)),
        ("cycling", "other", 28928, 3211, utc(13, 11, 37)),
    ]
    assert reading.dropped == ["3 transitions between legs, not logged as sessions"]


@pytest.mark.django_db
def test_a_strava_export_with_a_translated_list_still_imports_its_files(runner, django_capture_on_commit_callbacks):
    # Column names two public programs read in a Danish Strava list; the list is refused, its files are not
    translated = "Aktivitets-id,Aktivitetsdato,Aktivitetsnavn,Aktivitetstype,Tid i bevægelse,Distance\n"
    translated += '101,"17. okt. 2021, 07.31.59",Trail,Løb,11813,"30,84"\n'
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("activities.csv", translated.encode())
        archive.writestr("activities/101.gpx.gz", (DATA / STRAVA_GPX).read_bytes())
    job = import_job_create(runner=runner, kind=ImportJob.Kind.WATCH, files=[("export_1.zip", out.getvalue())])
    with django_capture_on_commit_callbacks(execute=False):
        run_import(job.pk)
    session = TrainingSession.objects.get(runner=runner)
    assert (session.session_type, session.distance_m) == ("easy", 30838)
    unpacked = job.files.get(state="unpacked")
    assert unpacked.errors == ["activities.csv: it is not a Strava or Garmin Connect activity list."]


@pytest.mark.django_db
def test_a_real_multisport_fit_gz_uploads_as_four_sessions_without_its_transitions(
    runner, django_capture_on_commit_callbacks
):
    name = "activity-large-fenxi2-multisport.fit.gz"
    job = import_job_create(runner=runner, kind=ImportJob.Kind.WATCH, files=[(name, (DATA / name).read_bytes())])
    with django_capture_on_commit_callbacks(execute=False):
        run_import(job.pk)
    sessions = TrainingSession.objects.filter(runner=runner).order_by("started_at")
    assert [(s.session_type, s.distance_m, s.duration_s) for s in sessions] == [
        ("easy", 25072, 11738),
        ("easy", 2245, 2295),
        ("easy", 12740, 6764),
        ("cross_training", 28928, 3211),
    ]
    assert {s.source for s in sessions} == {"fit"}
