"""Exports of a runner's journal. Every export streams: rows are read in chunks and written as they
come, so memory does not grow with the size of the journal."""

from __future__ import annotations

import csv
import json
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet
from django.http import StreamingHttpResponse

from accounts.models import CareLink, User
from journal.models import ENTRY_FIELDS, SESSION_FIELDS, Entry, SavedCheck, TrainingSession

CHUNK = 500

# (name, runner -> values() queryset or an iterable of dicts) pairs that higher apps add to the JSON export.
_extra_sections: list[tuple[str, Callable[[User], QuerySet | Iterable[dict]]]] = []


def register_export_section(name: str, build: Callable[[User], QuerySet | Iterable[dict]]) -> None:
    """Adds a section to every runner's JSON export (called from a higher app's ``ready()``). ``build``
    returns a ``values()`` queryset (streamed in chunks) or an iterable of plain dicts."""
    if name not in {existing for existing, _ in _extra_sections}:
        _extra_sections.append((name, build))


@dataclass(frozen=True)
class CsvExport:
    """A CSV file a higher app adds to the runner's (and their physio's) downloads."""

    name: str  # in the URL: export/<name>.csv
    title: str  # the download's label, e.g. "Progress measures"
    columns: tuple[str, ...]
    rows: Callable[[User], Iterable[dict]]  # runner -> rows, each a dict with the columns as keys


_csv_exports: dict[str, CsvExport] = {}


def register_csv_export(export: CsvExport) -> None:
    """Adds a CSV download (called from a higher app's ``ready()``)."""
    _csv_exports.setdefault(export.name, export)


def csv_exports() -> list[CsvExport]:
    return list(_csv_exports.values())


def csv_export(name: str) -> CsvExport | None:
    return _csv_exports.get(name)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def extra_csv(export: CsvExport, *, runner: User) -> Iterator[str]:
    rows = export.rows(runner)
    return _csv_stream(list(export.columns), ([_cell(row.get(c)) for c in export.columns] for row in rows))


ENTRY_COLUMNS = ["date", *ENTRY_FIELDS]
# The CSV shows distance and time in km and minutes, and keeps the free-text notes last.
_SESSION_CSV_NAME = {"distance_m": "distance_km", "duration_s": "duration_min"}
SESSION_COLUMNS = [
    "date",
    "started_at",
    *(_SESSION_CSV_NAME.get(name, name) for name in SESSION_FIELDS if name != "notes"),
    "source",
    "notes",
]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(cell: str) -> bool:
    """True if a spreadsheet could run the cell as a formula: its first visible character, after any
    spaces, tabs or line breaks, is = + - or @, in ASCII or full width (＝ ＋ － ＠, folded by NFKC)."""
    if cell.startswith(FORMULA_STARTS):
        return True
    visible = cell.lstrip()
    return bool(visible) and unicodedata.normalize("NFKC", visible[0]) in ("=", "+", "-", "@", "\u2212")


def neutralise(cell: str) -> str:
    """Spreadsheets run a cell that starts with = + - @ as a formula: a leading quote stops that."""
    return "'" + cell if looks_like_formula(cell) else cell


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def _blank(value) -> str:
    return "" if value is None else str(value)


def km(metres: int) -> str:
    """Kilometres as short as exact: 10000 -> "10", 1500 -> "1.5". The value has three decimals before the
    trailing zeros go, so the zeros of a whole number ("10", "100") stay."""
    value = (Decimal(metres) / 1000).quantize(Decimal("0.001"))
    return format(value, "f").rstrip("0").rstrip(".")


def minutes(seconds: int) -> str:
    value = (Decimal(seconds) / 60).quantize(Decimal("0.0001"))
    return format(value, "f").rstrip("0").rstrip(".")


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_stream(header: list[str], rows: Iterable[list[str]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(header)  # a BOM so spreadsheet programs read UTF-8
    for row in rows:
        yield writer.writerow([neutralise(cell) for cell in row])


# How an entry field is written in a CSV cell, where str() is not enough.
_ENTRY_CELL = {
    "normal_stride": _yes_no,
    "spasm": _yes_no,
    "symptoms": lambda codes: ";".join(codes or []),
    "morning_stiffness_min": _blank,
    "sleep_disturbed": lambda value: "yes" if value else "no",
}


def entry_row(e: Entry) -> list[str]:
    return [e.day.isoformat(), *(_ENTRY_CELL.get(name, _blank)(getattr(e, name)) for name in ENTRY_FIELDS)]


_SESSION_CELL = {"distance_m": km, "duration_s": minutes}


def session_row(s: TrainingSession) -> list[str]:
    """One CSV row in SESSION_COLUMNS' order."""
    cells = {name: _SESSION_CELL.get(name, _blank)(getattr(s, name)) for name in SESSION_FIELDS}
    return [
        s.day.isoformat(),
        s.started_at.isoformat() if s.started_at else "",
        *(cells[name] for name in SESSION_FIELDS if name != "notes"),
        s.source,
        cells["notes"],
    ]


def entries_csv(*, runner: User) -> Iterator[str]:
    rows = Entry.objects.filter(runner=runner).order_by("day").iterator(chunk_size=CHUNK)
    return _csv_stream(ENTRY_COLUMNS, (entry_row(e) for e in rows))


def sessions_csv(*, runner: User) -> Iterator[str]:
    rows = TrainingSession.objects.filter(runner=runner).order_by("day", "started_at", "id").iterator(chunk_size=CHUNK)
    return _csv_stream(SESSION_COLUMNS, (session_row(s) for s in rows))


def _dump(value) -> str:
    return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)


def _json_list(name: str, values: Iterator[dict]) -> Iterator[str]:
    yield f"{_dump(name)}: ["
    first = True
    for value in values:
        yield ("" if first else ",") + "\n  " + _dump(value)
        first = False
    yield "\n]"


def everything_json(*, runner: User) -> Iterator[str]:
    """Everything the runner owns, as one JSON document written piece by piece."""
    profile = {
        "email": runner.email,
        "display_name": runner.display_name,
        "time_zone": runner.time_zone,
        "units": runner.units,
        "country": runner.country,
        "date_joined": runner.date_joined,
        "email_checkins": runner.email_checkins,
        "reminder_enabled": runner.reminder_enabled,
        "reminder_time": runner.reminder_time,
    }
    sections = [
        (
            "entries",
            Entry.objects.filter(runner=runner)
            .order_by("day")
            .values("day", *ENTRY_FIELDS, "created_at", "updated_at"),
        ),
        (
            "sessions",
            TrainingSession.objects.filter(runner=runner)
            .order_by("day", "started_at", "id")
            .values("day", "started_at", *SESSION_FIELDS, "source", "created_at", "updated_at"),
        ),
        (
            "saved_checks",
            SavedCheck.objects.filter(runner=runner)
            .order_by("created_at")
            .values("day", "created_at", "answers", "verdict", "likely_cause", "rule_ids", "advice_versions"),
        ),
        # Sections of the apps above the journal (monitoring's flags...), registered in their ready().
        *((name, build(runner)) for name, build in _extra_sections),
        (
            "care_links",
            CareLink.objects.filter(runner=runner)
            .order_by("created_at")
            .values("physio__email", "status", "created_at", "accepted_at", "ended_at"),
        ),
    ]
    yield "{\n" + _dump("format") + ": " + _dump("backtrack-journal-1") + ",\n"
    yield _dump("profile") + ": " + _dump(profile)
    for name, values in sections:
        yield ",\n"
        yield from _json_list(name, values.iterator(chunk_size=CHUNK) if isinstance(values, QuerySet) else iter(values))
    yield "\n}\n"


def download_response(stream: Iterator[str], filename: str, content_type: str) -> StreamingHttpResponse:
    """A streamed attachment that no cache keeps (health data)."""
    response = StreamingHttpResponse(stream, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store, private"
    return response
