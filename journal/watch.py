"""Reading activities from watch files (GPX, TCX, FIT) into plain records. No database here.

What a file says, and how we read it (docs/journal.md has the runner's version):
- **Sport**: what the file states wins: FIT sport and sub-sport, TCX `Sport`, GPX `<type>` (Strava writes
  numbers there: 9 run, 10 walk, 4 hike, 1 ride, ...); the activity's name only when the file states
  nothing. Anything that is not running or walking is "other" (cross-training). A "run" faster than
  RUN_PACE_LIMIT_S_PER_KM over more than 3 km cannot be a run: it is kept as "other" and flagged.
- **Duration**: one rule for every format: the watch's timer (moving) time where the file has it (FIT
  `total_timer_time`, TCX lap `TotalTimeSeconds`), else the elapsed time (FIT `total_elapsed_time`, GPX
  first to last point).
- **Distance**: the summary (FIT session, TCX laps), else the records' distance, else the track's length.
  The watch's own fields win over Connect IQ developer fields of the same name.
- **Multisport**: each FIT session, and each TCX activity (multisport TCX included), is its own leg.
- **Tolerant**: a flaw part-way through keeps what was read before it, and says what was dropped.

Every file is untrusted, so every reader does bounded work:
- XML (GPX and TCX) is read as a stream by defusedxml, which refuses DTDs and entities (billion laughs,
  external entities); each element is dropped from memory once read; we refuse files that are too large,
  nest too deep, carry too many attributes on one element, hold too many elements or use too many
  distinct namespaces. gpxpy's own parser is not used (its header regex costs the square of the header's
  size); we only borrow its distance formula.
- Each file has a CPU-time budget (PARSE_CPU_SECONDS, counted with time.thread_time, so a busy machine
  does not change the outcome); the reader stops and refuses the file when it runs out.
- Every number must be finite and in range, every time between 1900 and tomorrow, and no NUL byte may
  appear in XML: otherwise the file is refused with a reason the runner can read.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

import defusedxml.ElementTree as SafeET
import fitdecode
from defusedxml import DefusedXmlException
from fitdecode.types import DevField
from gpxpy.geo import Location

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_XML_DEPTH = 32
MAX_XML_ATTRIBUTES = 32  # on one element
MAX_XML_NAMESPACES = 64  # distinct (prefix, URI) pairs: a file may repeat the same declaration freely
MAX_XML_ELEMENTS = 3_000_000
MAX_FIT_MESSAGES = 2_000_000
MAX_LEGS = 20  # sessions in one multisport file
# CPU seconds per file. The FIT reader costs about 1.3 s per MB on one core of the machine in
# docs/performance.md, so a 10 MB file fits; a valid 10 MB GPX costs about 4 s.
PARSE_CPU_SECONDS = 20.0
EARLIEST = dt.datetime(1900, 1, 1, tzinfo=dt.UTC)
RUN_PACE_LIMIT_S_PER_KM = 150  # 2:30/km: faster than the 5,000 m world record's pace
PACE_CHECK_MIN_M = 3000
PLANNED_ROUTE_BEFORE = dt.datetime(2010, 1, 2, tzinfo=dt.UTC)


class WatchFileError(Exception):
    """The file cannot be imported; the message is for the runner."""


@dataclass(frozen=True, slots=True)
class Activity:
    started_at: dt.datetime  # aware, UTC
    distance_m: int
    duration_s: int
    sport: str  # "run", "walk" or "other"
    source: str  # "gpx", "tcx" or "fit"
    label: str = ""  # the sport as the file (or the export's list) named it, for the result page
    name: str = ""  # the activity's title, when the file has one
    flags: tuple[str, ...] = ()  # values that look wrong, said in plain words


@dataclass
class Reading:
    """What one file held: one leg per sport (several for a multisport file) and what was left out."""

    legs: list[Activity]
    dropped: list[str] = field(default_factory=list)


class _Budget:
    """A per-file allowance of CPU time (this thread's), checked as the readers go."""

    def __init__(self, seconds: float = PARSE_CPU_SECONDS) -> None:
        self.seconds = seconds
        self.deadline = time.thread_time() + seconds

    def check(self) -> None:
        if time.thread_time() > self.deadline:
            raise WatchFileError(f"reading it took longer than {self.seconds:g} seconds of computing time")


# --- sport -----------------------------------------------------------------------------------------
# Strava's GPX export writes its activity type as a number in <trk><type>. 9 (Run) and 1 (Ride) are
# confirmed by real exports; the others follow Strava's activity type list as public converters read it.
STRAVA_GPX_TYPES = {"9": "run", "53": "run", "10": "walk", "4": "walk"}  # 53 VirtualRun, 4 Hike
# FIT sub-sports that mean running or walking whatever the sport field says (the FIT SDK's profile).
_FIT_SUB_SPORT: dict[str, str] = {
    "treadmill": "run",
    "street": "run",
    "trail": "run",
    "track": "run",
    "indoor_running": "run",
    "indoor_walking": "walk",
    "casual_walking": "walk",
    "speed_walking": "walk",
}
_RIDE_WORDS = ("ride", "rid", "cycl", "bik", "velo", "rad", "cykel", "cykl", "spinning")
_RUN_WORDS = ("run", "jog", "lauf", "løb", "løp", "treadmill", "laufband", "course", "carrera", "corsa", "hardloop")
_WALK_WORDS = ("walk", "hik", "geh", "wander", "gå", "gang", "vandr", "marche", "randonn", "wandel")
_WORDS = re.compile(r"[^\W\d_]+")


def sport_of(text: str | None) -> str | None:
    """ "run", "walk" or "other" from what a file or export calls the sport; None when it says nothing."""
    value = (text or "").strip().lower()[:100]
    if not value or value in ("generic", "all", "unknown", "none", "0"):
        return None
    if value.isdigit():
        return STRAVA_GPX_TYPES.get(value, "other")
    words = _WORDS.findall(value.replace("_", " "))
    if any(w.startswith(_RIDE_WORDS) or w.endswith(("ride", "cycling", "radfahren", "cykling")) for w in words):
        return "other"
    if any(w.startswith(_RUN_WORDS) or w.endswith(("run", "lauf", "løb", "laufen")) for w in words):
        return "run"
    if any(w.startswith(_WALK_WORDS) or w.endswith(("walk", "gang", "gehen")) for w in words):
        return "walk"
    return "other"


def _decide(stated: str | None, name: str, *, fallback: str = "run") -> str:
    """The file's own statement wins; the name only when it states nothing; else `fallback`."""
    return sport_of(stated) or sport_of(name) or fallback


def checked(activity: Activity) -> Activity:
    """Flags values that cannot be right: a run faster than a world record, a start before 2010 that
    looks like a planned route rather than a recording. A "run" too fast for running is kept as other."""
    flags = list(activity.flags)
    sport = activity.sport
    if (
        sport == "run"
        and activity.distance_m > PACE_CHECK_MIN_M
        and activity.duration_s < activity.distance_m / 1000 * RUN_PACE_LIMIT_S_PER_KM
    ):
        pace = activity.duration_s / (activity.distance_m / 1000)
        flags.append(
            f"too fast for a run ({int(pace // 60)}:{int(pace % 60):02d} per km), so it was kept as cross-training"
        )
        sport = "other"
    if activity.started_at < PLANNED_ROUTE_BEFORE:
        start = activity.started_at
        flags.append(f"it starts on {start.day} {start:%B %Y}, which looks like a planned route, not a recording")
    if activity.duration_s <= 0:
        flags.append("its duration is zero")
    return replace(activity, sport=sport, flags=tuple(flags))


# --- values ----------------------------------------------------------------------------------------
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


# --- XML -------------------------------------------------------------------------------------------
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


class _Broken(Exception):
    """The XML stops being well-formed part-way: the reader keeps what it had."""

    def __init__(self, line: int | None) -> None:
        super().__init__(line)
        self.line = line


def _xml_events(data: bytes, budget: _Budget) -> Iterator[tuple[str, list[str], object]]:
    """Yields ("start" | "end", path of local tag names, element), refusing oversized or hostile XML.

    Every element is cleared and detached from its parent right after its "end" event, so memory stays
    flat whatever the file holds; a reader must take what it needs from an element at its end event."""
    if len(data) > MAX_FILE_BYTES:
        raise WatchFileError(f"it is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    if b"\x00" in data:
        raise WatchFileError("it contains NUL bytes, which no watch file has")
    path: list[str] = []
    stack: list = []
    namespaces: set[tuple[str, str]] = set()
    events = 0
    started = False
    try:
        for event, item in SafeET.iterparse(io.BytesIO(data), events=("start", "end", "start-ns"), forbid_dtd=True):
            events += 1
            if events % 1024 == 0:
                budget.check()
                if events > 2 * MAX_XML_ELEMENTS:
                    raise WatchFileError(f"it holds more than {MAX_XML_ELEMENTS:,} XML elements")
            if event == "start-ns":
                namespaces.add(item)
                if len(namespaces) > MAX_XML_NAMESPACES:
                    raise WatchFileError(f"it declares more than {MAX_XML_NAMESPACES} XML namespaces")
                continue
            started = True
            if event == "start":
                path.append(_local(item.tag))
                stack.append(item)
                if len(path) > MAX_XML_DEPTH:
                    raise WatchFileError(f"its XML is nested more than {MAX_XML_DEPTH} levels deep")
                if len(item.attrib) > MAX_XML_ATTRIBUTES:
                    raise WatchFileError(f"an XML element in it has more than {MAX_XML_ATTRIBUTES} attributes")
                yield event, path, item
            else:
                yield event, path, item
                path.pop()
                stack.pop()
                item.clear()
                if stack:
                    stack[-1].remove(item)  # its only child by now: earlier ones were removed at their end
    except DefusedXmlException as exc:
        raise WatchFileError("it declares a DTD or entities, which are refused for safety") from exc
    except SafeET.ParseError as exc:
        if not started:
            raise WatchFileError("it is not well-formed XML") from exc
        raise _Broken(getattr(exc, "position", (None,))[0]) from exc


def _broken_note(exc: _Broken) -> str:
    where = f" from line {exc.line}" if exc.line else ""
    return f"the file is damaged{where}; what came before was kept"


def read_gpx(data: bytes, budget: _Budget | None = None) -> Reading:
    """Start, elapsed time and 2-D length of the tracks (gpxpy's formula), read as a stream."""
    budget = budget or _Budget()
    first = last = None
    distance = 0.0
    previous: Location | None = None
    kind: str | None = None
    title = ""
    point_time: str | None = None
    no_position = 0
    dropped: list[str] = []
    seen_root = False
    try:
        for event, path, element in _xml_events(data, budget):
            if not seen_root:
                if path[0] != "gpx":
                    raise WatchFileError("it is not a GPX file")
                seen_root = True
            if event == "start":
                if path[-1] == "trkseg":
                    previous = None
                elif path[-1] == "trkpt":
                    point_time = None
                continue
            name = path[-1]
            if len(path) == 3 and path[1] == "trk":
                if name == "type" and kind is None:
                    kind = (element.text or "").strip()[:100] or None
                elif name == "name" and not title:
                    title = (element.text or "").strip()[:100]
            elif name == "time" and path[-2:-1] == ["trkpt"]:
                point_time = element.text
            elif name == "trkpt" and path[-2:] == ["trkseg", "trkpt"]:
                lat, lon = element.get("lat"), element.get("lon")
                if lat is None or lon is None or not lat.strip() or not lon.strip():
                    no_position += 1  # a point with no fix (a watch's first point, often): left out
                else:
                    location = Location(_number(lat, "latitude", -90, 90), _number(lon, "longitude", -180, 180))
                    if previous is not None:
                        step = location.distance_2d(previous)
                        if step:
                            distance += step
                    previous = location
                if point_time is not None:
                    moment = _moment(point_time)
                    first = first or moment
                    last = moment
    except _Broken as exc:
        dropped.append(_broken_note(exc))
    if no_position:
        dropped.append(f"{no_position} track point{'s' if no_position != 1 else ''} without a position")
    if first is None or last is None:
        raise WatchFileError("its track has no times, so the start and duration are unknown")
    if not math.isfinite(distance):
        raise WatchFileError("its track length is not a finite number")
    activity = Activity(
        started_at=first,
        distance_m=round(distance),
        duration_s=round((last - first).total_seconds()),
        sport=_decide(kind, title),
        source="gpx",
        label=kind or "",
        name=title,
    )
    return Reading(legs=[checked(activity)], dropped=dropped)


_TCX_ACTIVITY_PARENTS = ("Activities", "FirstSport", "NextSport")


def read_tcx(data: bytes, budget: _Budget | None = None) -> Reading:
    """Each activity (the legs of a multisport session included): its start, and its laps' timer time
    and distance added up."""
    budget = budget or _Budget()
    legs: list[Activity] = []
    dropped: list[str] = []
    current: dict | None = None
    lap: dict | None = None
    found = False

    def finish(activity: dict) -> None:
        if not activity["laps"]:
            dropped.append("an activity with no laps")
            return
        if len(legs) >= MAX_LEGS:
            raise WatchFileError(f"it holds more than {MAX_LEGS} activities")
        legs.append(
            checked(
                Activity(
                    started_at=_moment(activity["start"] or activity["id"]),
                    distance_m=round(activity["distance"]),
                    duration_s=round(activity["duration"]),
                    sport=_decide(activity["sport"], ""),
                    source="tcx",
                    label=activity["sport"] or "",
                )
            )
        )

    try:
        for event, path, element in _xml_events(data, budget):
            name = path[-1]
            if event == "start":
                if name == "Activity" and len(path) >= 2 and path[-2] in _TCX_ACTIVITY_PARENTS:
                    found = True
                    current = {"sport": element.get("Sport"), "id": None, "start": None, "laps": 0}
                    current.update(duration=0.0, distance=0.0)
                elif name == "Lap" and current is not None and path[-2] == "Activity":
                    lap = {"time": "0", "distance": "0"}
                    if current["start"] is None:
                        current["start"] = element.get("StartTime")
                continue
            if current is None:
                continue
            if name == "Id" and path[-2] == "Activity":
                current["id"] = element.text
            elif lap is not None and path[-2] == "Lap":
                if name == "TotalTimeSeconds":
                    lap["time"] = element.text or "0"
                elif name == "DistanceMeters":
                    lap["distance"] = element.text or "0"
            elif name == "Lap" and lap is not None:
                current["laps"] += 1
                current["duration"] += _number(lap["time"], "lap time", 0, 7 * 86400)
                current["distance"] += _number(lap["distance"], "lap distance", 0, 10_000_000)
                lap = None
            elif name == "Activity" and path[-2] in _TCX_ACTIVITY_PARENTS:
                finish(current)
                current = None
    except _Broken as exc:
        dropped.append(_broken_note(exc))
        if current is not None and current["laps"]:
            finish(current)
    if not found:
        raise WatchFileError("it has no activity in it")
    if not legs:
        raise WatchFileError("its activity has no laps")
    return Reading(legs=legs, dropped=dropped)


# --- FIT -------------------------------------------------------------------------------------------
FIT_UTC_REFERENCE = 631065600  # 1989-12-31T00:00:00Z, the FIT epoch, in Unix seconds
FIT_DATETIME_MIN = 0x10000000  # smaller date_time values count seconds from power-on, not a date


def _fit_datetime(value: object) -> object:
    """A FIT date_time as an aware datetime. We read with processor=None (fitdecode's processor costs a
    fifth of the reading time and converts fields we never use), so we convert the few we read."""
    if isinstance(value, int) and value >= FIT_DATETIME_MIN:
        return dt.datetime.fromtimestamp(FIT_UTC_REFERENCE + value, dt.UTC)
    return value


_FIT_SESSION_FIELDS = ("start_time", "sport", "sub_sport", "total_distance", "total_timer_time", "total_elapsed_time")


def _watch_fields(frame) -> dict:
    """The fields we use from a message, the watch's own fields winning over developer fields."""
    values: dict = {}
    for data in frame.fields:
        name = data.name
        if name not in _FIT_SESSION_FIELDS or data.value is None:
            continue
        if isinstance(data.field, DevField):
            values.setdefault(name, data.value)  # only where the watch wrote nothing
        else:
            values[name] = data.value
    return values


def _semicircles(value: object) -> float | None:
    if not isinstance(value, int):
        return None
    degrees = value * (180 / 2**31)
    return degrees if -180 <= degrees <= 180 else None


def read_fit(data: bytes, budget: _Budget | None = None) -> Reading:
    budget = budget or _Budget()
    if len(data) > MAX_FILE_BYTES:
        raise WatchFileError(f"it is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    sessions: list[dict] = []
    first_ts = last_ts = None
    last_distance = None
    track = 0.0
    previous: Location | None = None
    frames = 0
    dropped: list[str] = []
    try:
        # The CRC is checked (a changed byte refuses the file); a file cut short keeps what came before.
        with fitdecode.FitReader(
            io.BytesIO(data), check_crc=fitdecode.CrcCheck.RAISE, keep_raw_chunks=False, processor=None
        ) as reader:
            for frame in reader:
                frames += 1
                if frames % 1024 == 0:
                    budget.check()
                    if frames > MAX_FIT_MESSAGES:
                        raise WatchFileError(f"it holds more than {MAX_FIT_MESSAGES:,} messages")
                if frame.frame_type != fitdecode.FIT_FRAME_DATA:
                    continue
                if frame.name == "record":
                    values = {f.name: f.value for f in frame.fields}
                    ts = _fit_datetime(values.get("timestamp"))
                    if isinstance(ts, dt.datetime):
                        first_ts = first_ts or ts
                        last_ts = ts
                    distance = values.get("distance")
                    if isinstance(distance, int | float):
                        last_distance = distance
                    elif last_distance is None:  # the track's length only counts when no record has distance
                        lat = _semicircles(values.get("position_lat"))
                        lon = _semicircles(values.get("position_long"))
                        if lat is not None and lon is not None and -90 <= lat <= 90:
                            location = Location(lat, lon)
                            if previous is not None:
                                track += location.distance_2d(previous) or 0.0
                            previous = location
                elif frame.name == "session":
                    if len(sessions) >= MAX_LEGS:
                        raise WatchFileError(f"it holds more than {MAX_LEGS} sessions")
                    sessions.append(_watch_fields(frame))
    except WatchFileError:
        raise
    except fitdecode.FitCRCError as exc:  # a changed byte somewhere in what was read: nothing can be trusted
        raise WatchFileError("its checksum does not match, so the file is damaged") from exc
    except Exception as exc:  # fitdecode raises several error types for damaged or cut-short files
        if not sessions and first_ts is None:
            raise WatchFileError("it is not a readable FIT file") from exc
        dropped.append("the end of the file could not be read; what came before was kept")
    legs = []
    transitions = 0
    for session in sessions:
        if session.get("start_time") is None:
            continue
        if str(session.get("sport") or "") == "transition":  # the changeover between legs is not training
            transitions += 1
            continue
        duration = session.get("total_timer_time") or session.get("total_elapsed_time")
        if duration is None:
            continue
        distance = session.get("total_distance")
        if not distance and len(sessions) == 1:  # a summary without distance: the records', else the track's
            distance = last_distance or track
        sport, sub_sport = str(session.get("sport") or ""), str(session.get("sub_sport") or "")
        label = sport if sub_sport in ("", "generic") else f"{sport} ({sub_sport})"
        stated = sport_of(sport)
        if stated is None:  # "generic": the sub-sport may still say (treadmill, indoor walking)
            stated = _FIT_SUB_SPORT.get(sub_sport)
        legs.append(
            checked(
                Activity(
                    started_at=_aware(_fit_datetime(session["start_time"])),
                    distance_m=round(_number(distance or 0, "distance", 0, 10_000_000)),
                    duration_s=round(_number(duration, "duration", 0, 7 * 86400)),
                    sport=stated or "run",
                    source="fit",
                    label=label[:100],
                )
            )
        )
    if transitions:
        dropped.append(f"{transitions} transition{'s' if transitions > 1 else ''} between legs, not logged as sessions")
    if legs:
        return Reading(legs=legs, dropped=dropped)
    if first_ts is not None and last_ts is not None and last_ts > first_ts:
        start = _aware(first_ts)
        activity = Activity(
            started_at=start,
            distance_m=round(_number(last_distance or track or 0, "distance", 0, 10_000_000)),
            duration_s=round((_aware(last_ts) - start).total_seconds()),
            sport="run",
            source="fit",
        )
        return Reading(legs=[checked(activity)], dropped=dropped)
    raise WatchFileError("it holds no session or timed track points")


def format_of(name: str, data: bytes) -> str | None:
    """ "fit", "gpx" or "tcx", from the content first, then the file name (a trailing .gz ignored)."""
    head = data[:512].lstrip()
    if data[8:12] == b".FIT":
        return "fit"
    if b"<gpx" in head:
        return "gpx"
    if b"TrainingCenterDatabase" in head:
        return "tcx"
    lower = name.lower().removesuffix(".gz")
    for ext in ("fit", "gpx", "tcx"):
        if lower.endswith("." + ext):
            return ext
    return None


def read_watch_file(name: str, data: bytes, *, seconds: float = PARSE_CPU_SECONDS) -> Reading:
    """Picks the reader from the content, else the file name; the reader has `seconds` of CPU time."""
    budget = _Budget(seconds)
    if len(data) > MAX_FILE_BYTES:
        raise WatchFileError(f"it is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    kind = format_of(name, data)
    if kind == "fit":
        return read_fit(data, budget)
    if kind == "gpx":
        return read_gpx(data, budget)
    if kind == "tcx":
        return read_tcx(data, budget)
    raise WatchFileError("it is not a GPX, TCX or FIT file")
