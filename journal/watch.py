"""Reading activities from watch files (GPX, TCX, FIT) into plain records. No database here.

Every file is untrusted, so every reader does bounded work:
- XML (GPX and TCX) is read as a stream by defusedxml, which refuses DTDs and entities (billion laughs,
  external entities); on top of that we refuse files that are too large, nest too deep, carry too many
  attributes on one element or declare too many namespaces. No other library parses the XML: gpxpy's
  own parser runs a regular expression over the header whose cost grows with the square of its size
  (a 384 KB file cost 43 s of CPU), so we read the track ourselves and only borrow gpxpy's distance formula.
- Each file has a time budget (PARSE_SECONDS); the reader stops and refuses the file when it runs out.
- Every number must be finite and in range, every time between 1900 and tomorrow, and no NUL byte may
  appear: otherwise the file is refused with a reason the runner can read.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import time
from collections.abc import Iterator
from dataclasses import dataclass

import defusedxml.ElementTree as SafeET
import fitdecode
from defusedxml import DefusedXmlException
from gpxpy.geo import Location

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_XML_DEPTH = 32
MAX_XML_ATTRIBUTES = 32  # on one element
MAX_XML_NAMESPACES = 64  # declarations in the whole file
PARSE_SECONDS = 10.0  # per file: a valid 10 MB GPX takes about 6 s on a busy 2-core machine
EARLIEST = dt.datetime(1900, 1, 1, tzinfo=dt.UTC)


class WatchFileError(Exception):
    """The file cannot be imported; the message is for the runner."""


@dataclass(frozen=True, slots=True)
class Activity:
    started_at: dt.datetime  # aware, UTC
    distance_m: int
    duration_s: int
    sport: str  # "run", "walk" or "other"
    source: str  # "gpx", "tcx" or "fit"


class _Budget:
    """A per-file deadline, checked as the readers go."""

    def __init__(self, seconds: float = PARSE_SECONDS) -> None:
        self.deadline = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.deadline:
            raise WatchFileError(f"reading it took longer than {PARSE_SECONDS:g} seconds")


def _sport(text: str | None) -> str:
    value = (text or "").lower()
    if any(word in value for word in ("walk", "hik")):
        return "walk"
    if not value or "run" in value or value == "generic":
        return "run"
    return "other"


def _latest() -> dt.datetime:
    """Tomorrow's end, as a bound for any time in a file (the runner may be a day ahead of UTC)."""
    return dt.datetime.combine(dt.datetime.now(dt.UTC).date() + dt.timedelta(days=2), dt.time(), tzinfo=dt.UTC)


def _aware(moment: object) -> dt.datetime:
    """A UTC time between 1900 and tomorrow, else the file is refused."""
    if not isinstance(moment, dt.datetime):
        raise WatchFileError("a time in it is not a date and time")
    try:
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.UTC)
        moment = moment.astimezone(dt.UTC)
    except (OverflowError, ValueError) as exc:
        raise WatchFileError("a time in it is out of range") from exc
    if moment < EARLIEST:
        raise WatchFileError("a time in it is before 1900")
    if moment > _latest():
        raise WatchFileError("a time in it is in the future")
    return moment


def _moment(text: str | None) -> dt.datetime:
    value = (text or "").strip()
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise WatchFileError(f"the time '{value[:40]}' is not a date and time") from exc
    return _aware(moment)


def _number(value: object, what: str, low: float, high: float) -> float:
    """A finite number within [low, high]; text is read as a decimal number."""
    try:
        number = float(value.strip() if isinstance(value, str) else value)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError) as exc:
        raise WatchFileError(f"its {what} is not a number") from exc
    if not math.isfinite(number) or not low <= number <= high:
        raise WatchFileError(f"its {what} is not a finite number between {low:g} and {high:g}")
    return number


_LOCAL_NAMES: dict[str, str] = {}


def _local(tag: object) -> str:
    if not isinstance(tag, str):
        return ""
    name = _LOCAL_NAMES.get(tag)
    if name is None:
        name = tag.rsplit("}", 1)[-1]
        if len(_LOCAL_NAMES) < 1000:
            _LOCAL_NAMES[tag] = name
    return name


def _xml_events(data: bytes, budget: _Budget) -> Iterator[tuple[str, list[str], object]]:
    """Yields ("start" | "end", path of local tag names, element), refusing oversized or hostile XML."""
    if len(data) > MAX_FILE_BYTES:
        raise WatchFileError(f"it is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    if b"\x00" in data:
        raise WatchFileError("it contains NUL bytes, which no watch file has")
    path: list[str] = []
    namespaces = 0
    events = 0
    try:
        for event, item in SafeET.iterparse(io.BytesIO(data), events=("start", "end", "start-ns"), forbid_dtd=True):
            events += 1
            if events % 256 == 0:
                budget.check()
            if event == "start-ns":
                namespaces += 1
                if namespaces > MAX_XML_NAMESPACES:
                    raise WatchFileError(f"it declares more than {MAX_XML_NAMESPACES} XML namespaces")
                continue
            if event == "start":
                path.append(_local(item.tag))
                if len(path) > MAX_XML_DEPTH:
                    raise WatchFileError(f"its XML is nested more than {MAX_XML_DEPTH} levels deep")
                if len(item.attrib) > MAX_XML_ATTRIBUTES:
                    raise WatchFileError(f"an XML element in it has more than {MAX_XML_ATTRIBUTES} attributes")
                yield event, path, item
            else:
                yield event, path, item
                path.pop()
    except DefusedXmlException as exc:
        raise WatchFileError("it declares a DTD or entities, which are refused for safety") from exc
    except SafeET.ParseError as exc:
        raise WatchFileError("it is not well-formed XML") from exc


def _child_text(element, name: str) -> str | None:
    for child in element:
        if _local(child.tag) == name:
            return child.text
    return None


def parse_gpx(data: bytes, budget: _Budget | None = None) -> Activity:
    """Start, duration and 2-D length of the tracks (as gpxpy computes them), read as a stream."""
    budget = budget or _Budget()
    first = last = None
    distance = 0.0
    previous: Location | None = None
    kind: str | None = None
    seen_root = False
    for event, path, element in _xml_events(data, budget):
        if not seen_root:
            if path[0] != "gpx":
                raise WatchFileError("it is not a GPX file")
            seen_root = True
        if event == "start":
            if path[-1] == "trkseg":
                previous = None
            continue
        name = path[-1]
        if name == "type" and len(path) == 3 and path[1] == "trk" and kind is None:
            kind = (element.text or "").strip()[:100] or None
        elif name == "trkpt" and path[-2:] == ["trkseg", "trkpt"]:
            lat = _number(element.get("lat"), "latitude", -90, 90)
            lon = _number(element.get("lon"), "longitude", -180, 180)
            location = Location(lat, lon)
            if previous is not None:
                step = location.distance_2d(previous)
                if step:
                    distance += step
            previous = location
            stamp = _child_text(element, "time")
            if stamp is not None:
                moment = _moment(stamp)
                first = first or moment
                last = moment
            element.clear()
    if first is None or last is None:
        raise WatchFileError("its track has no times, so the start and duration are unknown")
    if not math.isfinite(distance):
        raise WatchFileError("its track length is not a finite number")
    return Activity(
        started_at=first,
        distance_m=round(distance),
        duration_s=round((last - first).total_seconds()),
        sport=_sport(kind),
        source="gpx",
    )


def parse_tcx(data: bytes, budget: _Budget | None = None) -> Activity:
    """The first activity's start, and its laps' times and distances added up."""
    budget = budget or _Budget()
    sport = None
    activity_id = None
    first_lap_start = None
    laps = 0
    duration = distance = 0.0
    activities_done = 0
    found = False
    for event, path, element in _xml_events(data, budget):
        inside_first = len(path) >= 3 and path[1:3] == ["Activities", "Activity"] and activities_done == 0
        if not inside_first:
            continue
        if event == "start":
            if len(path) == 3:
                found = True
                sport = element.get("Sport")
            continue
        name = path[-1]
        if len(path) == 3:
            activities_done += 1
        elif len(path) == 4 and name == "Id":
            activity_id = element.text
        elif len(path) == 4 and name == "Lap":
            laps += 1
            if laps == 1:
                first_lap_start = element.get("StartTime")
            duration += _number(_child_text(element, "TotalTimeSeconds") or "0", "lap time", 0, 7 * 86400)
            distance += _number(_child_text(element, "DistanceMeters") or "0", "lap distance", 0, 10_000_000)
            element.clear()
        elif name == "Trackpoint":
            element.clear()
    if not found:
        raise WatchFileError("it has no activity in it")
    if not laps:
        raise WatchFileError("its activity has no laps")
    return Activity(
        started_at=_moment(first_lap_start or activity_id),
        distance_m=round(distance),
        duration_s=round(duration),
        sport=_sport(sport),
        source="tcx",
    )


def parse_fit(data: bytes, budget: _Budget | None = None) -> Activity:
    budget = budget or _Budget()
    if len(data) > MAX_FILE_BYTES:
        raise WatchFileError(f"it is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    session: dict | None = None
    first_ts = last_ts = None
    last_distance = None
    frames = 0
    try:
        with fitdecode.FitReader(io.BytesIO(data), check_crc=fitdecode.CrcCheck.RAISE) as reader:
            for frame in reader:
                frames += 1
                if frames % 256 == 0:
                    budget.check()
                if not isinstance(frame, fitdecode.FitDataMessage):
                    continue
                if frame.name == "session" and session is None:
                    session = {f.name: f.value for f in frame.fields}
                elif frame.name == "record":
                    ts = frame.get_value("timestamp", fallback=None)
                    if isinstance(ts, dt.datetime):
                        first_ts = first_ts or ts
                        last_ts = ts
                    distance = frame.get_value("distance", fallback=None)
                    if distance is not None:
                        last_distance = distance
    except WatchFileError:
        raise
    except Exception as exc:  # fitdecode raises several error types for damaged files
        raise WatchFileError("it is not a readable FIT file") from exc
    if session and session.get("start_time") is not None and session.get("total_elapsed_time") is not None:
        return Activity(
            started_at=_aware(session["start_time"]),
            distance_m=round(_number(session.get("total_distance") or 0, "distance", 0, 10_000_000)),
            duration_s=round(_number(session["total_elapsed_time"], "duration", 0, 7 * 86400)),
            sport=_sport(str(session.get("sport") or "")[:100]),
            source="fit",
        )
    if first_ts is not None and last_ts is not None and last_ts > first_ts:
        start = _aware(first_ts)
        return Activity(
            started_at=start,
            distance_m=round(_number(last_distance or 0, "distance", 0, 10_000_000)),
            duration_s=round((_aware(last_ts) - start).total_seconds()),
            sport="run",
            source="fit",
        )
    raise WatchFileError("it holds no session or timed track points")


def parse_activity(name: str, data: bytes, *, seconds: float = PARSE_SECONDS) -> Activity:
    """Picks the reader from the file name, else from the content; the reader has `seconds` to finish."""
    budget = _Budget(seconds)
    if len(data) > MAX_FILE_BYTES:
        raise WatchFileError(f"it is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    lower = name.lower()
    head = data[:512].lstrip()
    if lower.endswith(".fit") or data[8:12] == b".FIT":
        return parse_fit(data, budget)
    if lower.endswith(".gpx") or b"<gpx" in head:
        return parse_gpx(data, budget)
    if lower.endswith(".tcx") or b"TrainingCenterDatabase" in head:
        return parse_tcx(data, budget)
    raise WatchFileError("it is not a GPX, TCX or FIT file")
