"""python manage.py bench_import [--activities 500]: imports a synthetic Strava-like export (a zip of
one-hour activities at one point a second: 70 % FIT, 20 % gzipped GPX, 10 % TCX, with activities.csv)
through the import job, as one worker would, and prints wall time, CPU time and peak memory.

The runner it creates is deleted afterwards. Figures for this machine are in docs/performance.md."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import resource
import struct
import time
import zipfile

from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from accounts.models import User
from journal.importing import jobs
from journal.models import ImportFile, ImportJob, TrainingSession

BENCH_EMAIL = "bench-import@backtrack.local"
FIT_EPOCH = dt.datetime(1989, 12, 31, tzinfo=dt.UTC)
_CRC = [0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401,
        0xA001, 0x6C00, 0x7800, 0xB401, 0x5000, 0x9C01, 0x8801, 0x4400]  # fmt: skip


def _crc(data: bytes, crc: int = 0) -> int:
    for byte in data:
        tmp = _CRC[crc & 0xF]
        crc = ((crc >> 4) & 0x0FFF) ^ tmp ^ _CRC[byte & 0xF]
        tmp = _CRC[crc & 0xF]
        crc = ((crc >> 4) & 0x0FFF) ^ tmp ^ _CRC[(byte >> 4) & 0xF]
    return crc


def fit_activity(
    start: dt.datetime, seconds: int, metres_per_s: float = 2.8, *, summary_distance: bool = True
) -> bytes:
    """A FIT run: file_id, one record a second (time, distance, position, heart rate) and a session
    (summary_distance=False: its total_distance is "invalid", as in some Suunto files)."""
    t0 = int((start - FIT_EPOCH).total_seconds())
    semis = 2**31 / 180
    body = bytearray(bytes([0x40, 0, 0]) + struct.pack("<HB", 0, 1) + bytes([0, 1, 0x00, 0x00, 4]))
    fields = [(253, 4, 0x86), (5, 4, 0x86), (0, 4, 0x85), (1, 4, 0x85), (3, 1, 0x02)]
    body += bytes([0x42, 0, 0]) + struct.pack("<HB", 20, len(fields)) + b"".join(bytes(f) for f in fields)
    for i in range(seconds):
        lat = int((51.5 + i * metres_per_s / 111_195) * semis)
        body += b"\x02" + struct.pack("<IIiiB", t0 + i, int(i * metres_per_s * 100), lat, int(-0.12 * semis), 140)
    session = [(253, 4, 0x86), (2, 4, 0x86), (7, 4, 0x86), (8, 4, 0x86), (9, 4, 0x86), (5, 1, 0x00)]
    body += bytes([0x41, 0, 0]) + struct.pack("<HB", 18, len(session)) + b"".join(bytes(f) for f in session)
    distance = int(seconds * metres_per_s * 100) if summary_distance else 0xFFFFFFFF
    body += b"\x01" + struct.pack("<IIIIIB", t0 + seconds, t0, seconds * 1000, seconds * 1000, distance, 1)
    header = struct.pack("<BBHI4s", 14, 0x10, 2132, len(body), b".FIT")
    header += struct.pack("<H", _crc(header))
    data = header + bytes(body)
    return data + struct.pack("<H", _crc(data))


def gpx_activity(start: dt.datetime, seconds: int, kind: str = "9") -> bytes:
    points = []
    for i in range(0, seconds, 1):
        moment = (start + dt.timedelta(seconds=i)).strftime("%Y-%m-%dT%H:%M:%SZ")
        points.append(
            f'<trkpt lat="{51.5 + i * 2.8 / 111_195:.7f}" lon="-0.12"><ele>10</ele><time>{moment}</time></trkpt>'
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><gpx version="1.1" creator="StravaGPX" '
        f'xmlns="http://www.topografix.com/GPX/1/1"><trk><name>Run</name><type>{kind}</type><trkseg>'
        + "".join(points)
        + "</trkseg></trk></gpx>"
    ).encode()


def tcx_activity(start: dt.datetime, seconds: int) -> bytes:
    points = "".join(
        f"<Trackpoint><Time>{(start + dt.timedelta(seconds=i)).strftime('%Y-%m-%dT%H:%M:%SZ')}</Time>"
        f"<DistanceMeters>{i * 2.8:.1f}</DistanceMeters></Trackpoint>"
        for i in range(seconds)
    )
    stamp = start.strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        '<?xml version="1.0"?><TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">'
        f'<Activities><Activity Sport="Running"><Id>{stamp}</Id><Lap StartTime="{stamp}">'
        f"<TotalTimeSeconds>{seconds}</TotalTimeSeconds><DistanceMeters>{seconds * 2.8:.1f}</DistanceMeters>"
        f"<Track>{points}</Track></Lap></Activity></Activities></TrainingCenterDatabase>"
    ).encode()


def synthetic_export(activities: int, seconds: int = 3600) -> bytes:
    """A Strava-like export zip with `activities` activities, one a day going back, and its list."""
    out = io.BytesIO()
    rows = ["Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Distance,Filename"]
    end = dt.datetime(2026, 1, 1, 7, 0, tzinfo=dt.UTC)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for n in range(activities):
            start = end - dt.timedelta(days=n)
            if n % 10 < 7:
                name, content = f"activities/{n}.fit.gz", gzip.compress(fit_activity(start, seconds), 6)
            elif n % 10 < 9:
                name, content = f"activities/{n}.gpx.gz", gzip.compress(gpx_activity(start, seconds), 6)
            else:
                name, content = f"activities/{n}.tcx", tcx_activity(start, seconds)
            archive.writestr(name, content)
            stamp = start.strftime("%b %d, %Y, %I:%M:%S %p")
            rows.append(f'{n},"{stamp}",Morning Run,Run,{seconds},{seconds * 2.8 / 1000:.2f},{name}')
        archive.writestr("activities.csv", "\n".join(rows) + "\n")
        archive.writestr("media/photo.jpg", b"\xff\xd8" + b"x" * 100_000)
    return out.getvalue()


class Command(BaseCommand):
    help = "Import a synthetic 500-activity export as one worker would; print wall, CPU time and peak memory."

    def add_arguments(self, parser):
        parser.add_argument("--activities", type=int, default=500)

    def handle(self, *args, **options):
        count = options["activities"]
        self.stdout.write(f"Building a synthetic export of {count} one-hour activities...")
        export = synthetic_export(count)
        self.stdout.write(f"Export: {len(export) / 2**20:.1f} MB zipped.")
        User.objects.filter(email=BENCH_EMAIL).delete()
        runner = User.objects.create_user(BENCH_EMAIL, None, display_name="Bench Import")
        try:
            # DEBUG off as in production: with it on, Django keeps every query (the files too) in memory
            with override_settings(IMPORT_ACTIVITIES_PER_DAY=100_000, DEBUG=False):
                wall, cpu = time.perf_counter(), time.process_time()
                job = jobs.import_job_create(
                    runner=runner, kind=ImportJob.Kind.WATCH, files=[("export.zip", export)], queue=False
                )
                chunks = 0
                while ImportJob.objects.get(pk=job.pk).status != ImportJob.Status.DONE:
                    jobs.import_job_run(job_id=job.pk, requeue=False)
                    chunks += 1
                wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            added = TrainingSession.objects.filter(runner=runner).count()
            refused = ImportFile.objects.filter(job=job, state=ImportFile.State.REFUSED).count()
            self.stdout.write(
                f"{added} sessions added, {refused} refused, in {chunks} chunks: "
                f"wall {wall:.1f} s, CPU {cpu:.1f} s, peak memory {peak_mb:.0f} MB (the whole process)."
            )
        finally:
            User.objects.filter(email=BENCH_EMAIL).delete()
