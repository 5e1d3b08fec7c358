"""Builders for small GPX, TCX and FIT files, so tests make their own watch fixtures, and readers of
a file's first activity for the tests that read one activity per file."""

from __future__ import annotations

import datetime as dt
import struct
from dataclasses import dataclass

from journal.importing.jobs import import_job_create, import_job_run
from journal.models import ImportFile, ImportJob
from journal.watch import PARSE_CPU_SECONDS, read_fit, read_gpx, read_tcx, read_watch_file

FIT_EPOCH = dt.datetime(1989, 12, 31, tzinfo=dt.UTC)
_CRC_TABLE = [
    0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401,
    0xA001, 0x6C00, 0x7800, 0xB401, 0x5000, 0x9C01, 0x8801, 0x4400,
]  # fmt: skip


def fit_crc(data: bytes, crc: int = 0) -> int:
    """The FIT SDK's CRC-16."""
    for byte in data:
        tmp = _CRC_TABLE[crc & 0xF]
        crc = ((crc >> 4) & 0x0FFF) ^ tmp ^ _CRC_TABLE[byte & 0xF]
        tmp = _CRC_TABLE[crc & 0xF]
        crc = ((crc >> 4) & 0x0FFF) ^ tmp ^ _CRC_TABLE[(byte >> 4) & 0xF]
    return crc


def _fit_time(moment: dt.datetime) -> int:
    return int((moment - FIT_EPOCH).total_seconds())


def fit_file(start: dt.datetime, distance_m: float, duration_s: float, sport: int = 1) -> bytes:
    """A minimal valid FIT activity: a file_id message and a session message, with both CRCs."""
    records = b""
    # file_id (global 0), local 0: type (field 0, enum) = 4 (activity)
    records += bytes([0x40, 0, 0]) + struct.pack("<HB", 0, 1) + bytes([0, 1, 0x00])
    records += bytes([0x00, 4])
    # session (global 18), local 1: timestamp, start_time, total_elapsed_time, total_distance, sport
    fields = [(253, 4, 0x86), (2, 4, 0x86), (7, 4, 0x86), (9, 4, 0x86), (5, 1, 0x00)]
    records += bytes([0x41, 0, 0]) + struct.pack("<HB", 18, len(fields))
    records += b"".join(bytes(f) for f in fields)
    end = start + dt.timedelta(seconds=duration_s)
    records += bytes([0x01]) + struct.pack(
        "<IIIIB", _fit_time(end), _fit_time(start), round(duration_s * 1000), round(distance_m * 100), sport
    )
    header = struct.pack("<BBHI4s", 14, 0x10, 2132, len(records), b".FIT")
    header += struct.pack("<H", fit_crc(header))
    body = header + records
    return body + struct.pack("<H", fit_crc(body))


def gpx_file(
    start: dt.datetime, points: int = 11, step_m: float = 100.0, step_s: int = 30, kind: str = "running"
) -> bytes:
    """A GPX track heading north from London: ``points`` points ``step_m`` metres and ``step_s`` seconds apart."""
    lat0, lon = 51.5, -0.12
    rows = []
    for i in range(points):
        lat = lat0 + i * step_m / 111_195
        moment = (start + dt.timedelta(seconds=i * step_s)).strftime("%Y-%m-%dT%H:%M:%SZ")
        rows.append(f'<trkpt lat="{lat:.7f}" lon="{lon}"><ele>10</ele><time>{moment}</time></trkpt>')
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<gpx version="1.1" creator="tests" xmlns="http://www.topografix.com/GPX/1/1">'
        f"<trk><name>Test</name><type>{kind}</type><trkseg>{''.join(rows)}</trkseg></trk></gpx>"
    ).encode()


def tcx_file(start: dt.datetime, laps: list[tuple[float, float]], sport: str = "Running") -> bytes:
    """A TCX activity with one lap per (seconds, metres)."""
    parts = []
    moment = start
    for seconds, metres in laps:
        parts.append(
            f'<Lap StartTime="{moment.strftime("%Y-%m-%dT%H:%M:%SZ")}"><TotalTimeSeconds>{seconds}</TotalTimeSeconds>'
            f"<DistanceMeters>{metres}</DistanceMeters></Lap>"
        )
        moment += dt.timedelta(seconds=seconds)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">'
        f'<Activities><Activity Sport="{sport}"><Id>{start.strftime("%Y-%m-%dT%H:%M:%SZ")}</Id>{"".join(parts)}'
        "</Activity></Activities></TrainingCenterDatabase>"
    ).encode()


ENTITY_BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1"><trk><name>&lol3;</name></trk></gpx>"""


def fit_sessions(
    sessions: list[tuple[dt.datetime, float, float, float, int]], dev_distance_m: float | None = None
) -> bytes:
    """A FIT activity with one session message per (start, metres, elapsed s, timer s, sport); with
    `dev_distance_m`, each session also carries a Connect IQ developer field named total_distance."""
    records = bytes([0x40, 0, 0]) + struct.pack("<HB", 0, 1) + bytes([0, 1, 0x00]) + bytes([0x00, 4])
    dev = b""
    if dev_distance_m is not None:
        # developer_data_id (207): developer_data_index (field 3) = 0
        records += bytes([0x42, 0, 0]) + struct.pack("<HB", 207, 1) + bytes([3, 1, 0x02]) + bytes([0x02, 0])
        # field_description (206): developer_data_index 0, field_definition_number 0, base type uint32 (0x86),
        # field_name "total_distance" (field 3, 16-byte string)
        records += bytes([0x43, 0, 0]) + struct.pack("<HB", 206, 4)
        records += bytes([0, 1, 0x02, 1, 1, 0x02, 2, 1, 0x02, 3, 16, 0x07])
        records += bytes([0x03, 0, 0, 0x86]) + b"total_distance\x00\x00"
        dev = bytes([1, 0, 4, 0])  # one developer field: number 0, 4 bytes, index 0
    fields = [(253, 4, 0x86), (2, 4, 0x86), (7, 4, 0x86), (8, 4, 0x86), (9, 4, 0x86), (5, 1, 0x00)]
    header_byte = 0x61 if dev else 0x41  # bit 5: the definition carries developer fields
    records += bytes([header_byte, 0, 0]) + struct.pack("<HB", 18, len(fields))
    records += b"".join(bytes(f) for f in fields) + dev
    for start, metres, elapsed, timer, sport in sessions:
        end = start + dt.timedelta(seconds=elapsed)
        records += bytes([0x01]) + struct.pack(
            "<IIIIIB",
            _fit_time(end),
            _fit_time(start),
            round(elapsed * 1000),
            round(timer * 1000),
            round(metres * 100),
            sport,
        )
        if dev:
            records += struct.pack("<I", round(dev_distance_m * 100))
    header = struct.pack("<BBHI4s", 14, 0x10, 2132, len(records), b".FIT")
    header += struct.pack("<H", fit_crc(header))
    body = header + records
    return body + struct.pack("<H", fit_crc(body))


def parse_gpx(data: bytes):
    return read_gpx(data).legs[0]


def parse_tcx(data: bytes):
    return read_tcx(data).legs[0]


def parse_fit(data: bytes):
    return read_fit(data).legs[0]


def parse_activity(name: str, data: bytes, *, seconds: float = PARSE_CPU_SECONDS):
    return read_watch_file(name, data, seconds=seconds).legs[0]


@dataclass(frozen=True)
class FileResult:
    name: str
    ok: bool
    message: str


def watch_import(*, runner, files: list[tuple[str, bytes]]) -> list[FileResult]:
    """Imports watch files the way an upload does: one import job, read to the end by its task's function
    (journal.importing.jobs.import_job_run), and each uploaded file's outcome as the job page shows it."""
    job = import_job_create(runner=runner, kind=ImportJob.Kind.WATCH, files=files, queue=False)
    while job.files.filter(state=ImportFile.State.WAITING).exists():
        import_job_run(job_id=job.pk, requeue=False)
        job.refresh_from_db()
        assert job.status != ImportJob.Status.PAUSED, "the day's activity budget stopped the import"
    read = (ImportFile.State.IMPORTED, ImportFile.State.SKIPPED)
    return [
        FileResult(name=f.name, ok=f.state in read, message=f.message)
        for f in job.files.filter(role=ImportFile.Role.UPLOAD).order_by("position")
    ]
