"""The activity lists of Strava's and Garmin Connect's exports, read by what each column means. No database.

- Strava's `activities.csv` (in its bulk export): both header generations. The older one has one
  `Distance` (km) and `Elapsed Time` (s); the current one repeats `Elapsed Time` and `Distance`, the
  second `Distance` in metres, and adds `Moving Time`. `Activity Date` is UTC ("Jan 2, 2024, 7:01:23 AM"
  or "2024-01-02 07:01:23"). `Filename` names the activity's file inside the export.
- Garmin Connect's `Activities.csv` (the activity list's "Export CSV"), whose headers follow the account's
  language: English, German, Danish, Norwegian and French are recognised, each from a real export (sources
  by `_COLUMNS`). `Date` is local time; `Distance` is in km (Garmin writes miles for accounts set to miles:
  those must be switched to km before exporting), except for swims, in metres ("1,500", "700" in a real
  Danish list; read so in every language). Numbers use a decimal point and a comma between thousands in
  every language seen (a decimal comma is read too). `Time` is the timer time, as "01:02:03" or, in a
  Danish list of 2025, hours and minutes only ("1:02"); newer lists add moving and elapsed time to the
  second, which are preferred.

Each row gives a Summary; the sport is read from the activity type as the service names it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from dataclasses import dataclass

MAX_LIST_BYTES = 5 * 1024 * 1024
MAX_LIST_ROWS = 20_000

# Column meanings -> the headers that carry them, lower case. Strava's list is read in English only;
# Garmin's follows the account's language. Each Garmin header below was read in a real export or in code
# that reads one:
# - English: Activities.csv samples in many public repositories, e.g. takuya0206/ai_running_coach
#   src/types.ts ("Moving Time", "Elapsed Time").
# - German: madnetdev/regmon-os php/ajax.users.php (commit d87d1d89, MIT) quotes a real 2017 header and row
#   ("Aktivitätstyp,Datum,Favorit,Titel,Distanz,Kalorien,Zeit", "42.02", "2,336", "03:51:46"; kept in
#   tests/journal/data/garmin-activities-de.csv). "Zeit in Bewegung" and "Verstrichene Zeit" come from two
#   public programs that read or write Garmin's current German list (their repositories were not named by
#   the search), not from a quoted export: likely, but unconfirmed.
# - Danish: Bjarke848/AI_TrainingPlanner Activities.csv (commit 84a5fe31, 2025, no licence, so only its
#   header is quoted, in tests/journal/test_import_real_exports.py): "Aktivitetstype,Dato,Favorit,Titel,Distance,
#   Kalorier,Tid,…,Tid i bevægelse,Tidsforbrug,…".
# - Norwegian: oskarmikalandreassen/runit src/utils/data_reader.py (commit 66621762) quotes its export's
#   header: "Aktivitetstype,Dato,Favoritt,Tittel,Distanse,Totale kalorier,Tid,…,Tid i bevegelse,Medgått tid".
# - French: NaoVicarius/RunningWhale tests/test_imports.py (commit 17d5344c) quotes "an extract faithful to a
#   real export": "Type d'activité,Date,Favori,Titre,Distance,Calories,Durée,…,Temps de déplacement".
#   "Temps écoulé" (elapsed) comes only from a program's copy of a French header (repository not named by
#   the search): likely, but unconfirmed.
_COLUMNS = {
    "type": ("activity type", "aktivitätstyp", "aktivitetstype", "type d'activité"),
    "date": ("activity date", "date", "datum", "dato"),
    "name": ("activity name", "title", "titel", "tittel", "titre"),
    "distance": ("distance", "distanz", "distanse"),
    "time": ("time", "activity time", "zeit", "tid", "durée"),
    "moving": ("moving time", "zeit in bewegung", "tid i bevægelse", "tid i bevegelse", "temps de déplacement"),
    "elapsed": ("elapsed time", "verstrichene zeit", "tidsforbrug", "medgått tid", "temps écoulé"),
    "file": ("filename",),
}
# A Garmin activity type naming a swim (English, German, Danish, Norwegian, French): its distance is in metres.
_SWIM = ("swim", "schwimm", "svøm", "natation")


class ListRefused(Exception):
    """The list cannot be read; the message is for the runner."""


@dataclass(frozen=True)
class Summary:
    line: int
    service: str  # "strava" or "garmin"
    label: str  # the activity type as the service wrote it
    name: str
    start: dt.datetime  # aware (UTC) for Strava; naive local time for Garmin
    distance_m: int
    duration_s: int  # moving/timer time where the list has it, else elapsed
    file: str  # the activity's file in the export ("" when none)


def _header_map(header: list[str]) -> dict[str, list[int]]:
    """{meaning: [column positions]} (a header may repeat, as Strava's does)."""
    positions: dict[str, list[int]] = {}
    for i, raw in enumerate(header):
        text = raw.strip().lstrip("\ufeff").strip('"').lower()
        for meaning, names in _COLUMNS.items():
            if text in names:
                positions.setdefault(meaning, []).append(i)
    return positions


def recognise(header_line: str) -> str | None:
    """ "strava" or "garmin" when the first line is one of their activity lists, else None."""
    try:
        header = next(csv.reader(io.StringIO(header_line)))
    except (StopIteration, csv.Error):
        return None
    found = _header_map(header)
    if "type" not in found or "date" not in found:
        return None
    lowered = [h.strip().lstrip("\ufeff").lower() for h in header]
    return "strava" if "activity id" in lowered or "file" in found else "garmin"


def _number(text: str) -> float | None:
    value = text.strip().replace("\u00a0", "")
    if not value or value in ("--", "-"):
        return None
    # a decimal comma (a list re-saved in a German or Danish locale) unless a point is there too (then
    # the comma separates thousands, as in every real Garmin list seen: "2,336")
    value = value.replace(",", ".") if "," in value and "." not in value else value.replace(",", "")
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) and 0 <= number < 1e9 else None


_THOUSANDS = re.compile(r"[,.](?=\d{3}(?:\D|$))")


def _swim_metres(text: str) -> float | None:
    """A swim's distance as Garmin lists it, in whole metres: "1,500", "1.500" or "700"."""
    return _number(_THOUSANDS.sub("", text.strip()))


_CLOCK = re.compile(r"^(?:(\d{1,3}):)?(\d{1,2}):(\d{1,2})(?:[.,]\d+)?$")


def _seconds(text: str) -> float | None:
    """Seconds from "3600", "3600.0" (Strava) or "01:02:03", "02:03", "00:28:10.5" (Garmin)."""
    value = text.strip()
    match = _CLOCK.match(value)
    if match:
        hours, minutes, seconds = (int(g) if g else 0 for g in match.groups())
        return hours * 3600 + minutes * 60 + seconds
    return _number(value)


_HOURS_MINUTES = re.compile(r"^(\d{1,3}):(\d{2})$")


def _timer(text: str) -> float | None:
    """Garmin's `Time`: "01:02:03", or "1:02" (hours and minutes, as recent lists write it)."""
    match = _HOURS_MINUTES.match(text.strip())
    if match:
        return int(match.group(1)) * 3600 + int(match.group(2)) * 60
    return _seconds(text)


_DATE_FORMATS = ("%b %d, %Y, %I:%M:%S %p", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d", "%m/%d/%Y %H:%M")


def _date(text: str) -> dt.datetime | None:
    value = " ".join(text.split())
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(value, fmt)  # noqa: DTZ007 - the zone is the service's, set by the caller
        except ValueError:
            continue
    return None


def read_list(data: bytes) -> tuple[str, list[Summary], list[str]]:
    """(service, summaries, refused rows as "Line N: reason") from an activities CSV; ListRefused if it
    is not one."""
    if len(data) > MAX_LIST_BYTES:
        raise ListRefused(f"the activity list is larger than {MAX_LIST_BYTES // (1024 * 1024)} MB")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ListRefused("the activity list is not UTF-8 text") from exc
    if "\x00" in text:
        raise ListRefused("the activity list contains a NUL byte")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        raise ListRefused("the activity list is empty") from exc
    service = recognise(",".join(f'"{h}"' for h in header))
    if service is None:
        raise ListRefused("it is not a Strava or Garmin Connect activity list")
    columns = _header_map(header)
    summaries: list[Summary] = []
    refused: list[str] = []
    try:
        for values in reader:
            if not any(v.strip() for v in values):
                continue
            if len(summaries) + len(refused) >= MAX_LIST_ROWS:
                raise ListRefused(f"the activity list has more than {MAX_LIST_ROWS:,} rows")
            line = reader.line_num
            summary, reason = _row(service, columns, values, line)
            if summary is None:
                refused.append(f"Line {line}: {reason}.")
            else:
                summaries.append(summary)
    except csv.Error as exc:
        raise ListRefused(f"line {reader.line_num} of the activity list is malformed") from exc
    return service, summaries, refused


def _cell(values: list[str], columns: dict[str, list[int]], meaning: str, which: int = 0) -> str:
    positions = columns.get(meaning, [])
    if not positions:
        return ""
    index = positions[which] if which < len(positions) else positions[-1]
    return values[index] if index < len(values) else ""


def _text(value: str) -> str:
    """A text cell, without Garmin's "--" for nothing."""
    value = value.strip()
    return "" if value == "--" else value[:100]


def _row(service: str, columns, values: list[str], line: int) -> tuple[Summary | None, str]:
    start = _date(_cell(values, columns, "date"))
    if start is None:
        return None, f"the date '{_cell(values, columns, 'date')[:40]}' is not a date"
    if service == "strava":
        start = start.replace(tzinfo=dt.UTC)
        # the current header repeats Distance: the first in km, the second in metres
        metres = _number(_cell(values, columns, "distance", 1)) if len(columns.get("distance", [])) > 1 else None
        km = _number(_cell(values, columns, "distance", 0))
        distance = metres if metres is not None else (km or 0) * 1000
        elapsed = _seconds(_cell(values, columns, "elapsed", 0))
        moving = _seconds(_cell(values, columns, "moving"))
        duration = moving or elapsed
    else:
        label = _cell(values, columns, "type").lower()
        if any(word in label for word in _SWIM):
            distance = _swim_metres(_cell(values, columns, "distance")) or 0
        else:
            distance = (_number(_cell(values, columns, "distance")) or 0) * 1000
        # to the second first; "1:02" (hours and minutes) only when nothing finer is there
        time = _cell(values, columns, "time")
        duration = (
            _seconds(_cell(values, columns, "moving"))
            or (None if _HOURS_MINUTES.match(time.strip()) else _seconds(time))
            or _seconds(_cell(values, columns, "elapsed"))
            or _timer(time)
        )
    if not duration:
        return None, "it has no duration"
    return (
        Summary(
            line=line,
            service=service,
            label=_cell(values, columns, "type").strip()[:100],
            name=_text(_cell(values, columns, "name")),
            start=start,
            distance_m=round(distance),
            duration_s=round(duration),
            file=_cell(values, columns, "file").strip()[:255],
        ),
        "",
    )
