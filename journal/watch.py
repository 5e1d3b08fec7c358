"""Reading activities from watch files (GPX, TCX, FIT) into plain records. No database here.

XML is parsed with defusedxml first, which refuses DTDs and entities (billion-laughs and external
entity attacks) before gpxpy or our own TCX reader look at the file.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

import defusedxml.ElementTree as SafeET
import fitdecode
import gpxpy
from defusedxml import DefusedXmlException

TCX_NS = {"t": "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"}


class WatchFileError(Exception):
    """The file cannot be imported; the message is for the runner."""


@dataclass(frozen=True, slots=True)
class Activity:
    started_at: dt.datetime  # aware, UTC
    distance_m: int
    duration_s: int
    sport: str  # "run", "walk" or "other"
    source: str  # "gpx", "tcx" or "fit"


def _sport(text: str | None) -> str:
    value = (text or "").lower()
    if any(word in value for word in ("walk", "hik")):
        return "walk"
    if not value or "run" in value or value == "generic":
        return "run"
    return "other"


def _aware(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)


def _safe_xml(data: bytes):
    try:
        return SafeET.fromstring(data, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise WatchFileError("it declares a DTD or entities, which are refused for safety") from exc
    except SafeET.ParseError as exc:
        raise WatchFileError("it is not well-formed XML") from exc


def parse_gpx(data: bytes) -> Activity:
    _safe_xml(data)
    try:
        gpx = gpxpy.parse(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, gpxpy.gpx.GPXException) as exc:
        raise WatchFileError("it is not a readable GPX file") from exc
    bounds = gpx.get_time_bounds()
    if bounds.start_time is None or bounds.end_time is None:
        raise WatchFileError("its track has no times, so the start and duration are unknown")
    kinds = [t.type for t in gpx.tracks if t.type]
    return Activity(
        started_at=_aware(bounds.start_time),
        distance_m=round(gpx.length_2d()),
        duration_s=round((bounds.end_time - bounds.start_time).total_seconds()),
        sport=_sport(kinds[0] if kinds else None),
        source="gpx",
    )


def parse_tcx(data: bytes) -> Activity:
    root = _safe_xml(data)
    activity = root.find("t:Activities/t:Activity", TCX_NS)
    if activity is None:
        raise WatchFileError("it has no activity in it")
    laps = activity.findall("t:Lap", TCX_NS)
    if not laps:
        raise WatchFileError("its activity has no laps")
    try:
        start_text = laps[0].get("StartTime") or activity.findtext("t:Id", namespaces=TCX_NS)
        started_at = _aware(dt.datetime.fromisoformat(start_text.replace("Z", "+00:00")))
        duration = sum(float(lap.findtext("t:TotalTimeSeconds", "0", TCX_NS)) for lap in laps)
        distance = sum(float(lap.findtext("t:DistanceMeters", "0", TCX_NS)) for lap in laps)
    except (AttributeError, TypeError, ValueError) as exc:
        raise WatchFileError("its laps have unreadable times or distances") from exc
    return Activity(
        started_at=started_at,
        distance_m=round(distance),
        duration_s=round(duration),
        sport=_sport(activity.get("Sport")),
        source="tcx",
    )


def parse_fit(data: bytes) -> Activity:
    session: dict | None = None
    first_ts = last_ts = None
    last_distance = None
    try:
        with fitdecode.FitReader(io.BytesIO(data), check_crc=fitdecode.CrcCheck.RAISE) as reader:
            for frame in reader:
                if not isinstance(frame, fitdecode.FitDataMessage):
                    continue
                if frame.name == "session" and session is None:
                    session = {f.name: f.value for f in frame.fields}
                elif frame.name == "record":
                    ts = frame.get_value("timestamp", fallback=None)
                    if ts is not None:
                        first_ts = first_ts or ts
                        last_ts = ts
                    distance = frame.get_value("distance", fallback=None)
                    if distance is not None:
                        last_distance = distance
    except Exception as exc:  # fitdecode raises several error types for damaged files
        raise WatchFileError("it is not a readable FIT file") from exc
    if session and session.get("start_time") and session.get("total_elapsed_time") is not None:
        return Activity(
            started_at=_aware(session["start_time"]),
            distance_m=round(session.get("total_distance") or 0),
            duration_s=round(session["total_elapsed_time"]),
            sport=_sport(str(session.get("sport") or "")),
            source="fit",
        )
    if first_ts is not None and last_ts is not None and last_ts > first_ts:
        return Activity(
            started_at=_aware(first_ts),
            distance_m=round(last_distance or 0),
            duration_s=round((last_ts - first_ts).total_seconds()),
            sport="run",
            source="fit",
        )
    raise WatchFileError("it holds no session or timed track points")


def parse_activity(name: str, data: bytes) -> Activity:
    """Picks the reader from the file name, else from the content."""
    lower = name.lower()
    head = data[:512].lstrip()
    if lower.endswith(".fit") or data[8:12] == b".FIT":
        return parse_fit(data)
    if lower.endswith(".gpx") or b"<gpx" in head:
        return parse_gpx(data)
    if lower.endswith(".tcx") or b"TrainingCenterDatabase" in head:
        return parse_tcx(data)
    raise WatchFileError("it is not a GPX, TCX or FIT file")
