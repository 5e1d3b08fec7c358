"""Caseload arithmetic over plain data: pain trend, ordering, and the 14-day sparkline.

No database and no request here: the selector feeds plain values in and renders what comes out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.html import format_html, format_html_join

SPARK_DAYS = 14
TREND_WINDOW_DAYS = 7

URGENT = "urgent"
REVIEW = "review"


def pain_series(pain_by_day: Mapping[dt.date, int], today: dt.date, days: int = SPARK_DAYS) -> list[int | None]:
    """Pain for each of the last ``days`` days up to and including ``today`` (None where nothing was logged)."""
    start = today - dt.timedelta(days=days - 1)
    return [pain_by_day.get(start + dt.timedelta(days=i)) for i in range(days)]


def _mean(values: Iterable[int | None]) -> float | None:
    logged = [v for v in values if v is not None]
    return sum(logged) / len(logged) if logged else None


def pain_rise(series: Sequence[int | None], window: int = TREND_WINDOW_DAYS) -> float | None:
    """Mean pain of the last ``window`` days minus the mean of the ``window`` days before (None without both)."""
    recent = _mean(series[-window:])
    before = _mean(series[-2 * window : -window])
    if recent is None or before is None:
        return None
    return round(recent - before, 2)


@dataclass
class CaseloadRow:
    link_id: str
    name: str
    email: str
    last_entry: dt.date | None = None
    current_pain: int | None = None
    series: list[int | None] = field(default_factory=list)
    week_distance_m: int = 0
    flags: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, kind label, severity)

    @property
    def rise(self) -> float | None:
        return pain_rise(self.series)

    @property
    def urgent_count(self) -> int:
        return sum(1 for _, _, severity in self.flags if severity == URGENT)

    @property
    def review_count(self) -> int:
        return sum(1 for _, _, severity in self.flags if severity == REVIEW)

    @property
    def sparkline(self) -> str:
        return sparkline_svg(self.series)


def sort_key(row: CaseloadRow) -> tuple:
    """Open urgent flags first, then review flags, then the largest rise in pain, then by name."""
    rise = row.rise
    return (
        0 if row.urgent_count else 1,
        0 if row.review_count else 1,
        -(rise if rise is not None else float("-inf")),
        row.name.lower(),
    )


def order(rows: Iterable[CaseloadRow]) -> list[CaseloadRow]:
    return sorted(rows, key=sort_key)


def sparkline_svg(series: Sequence[int | None], width: int = 112, height: int = 28, max_value: int = 10) -> str:
    """An inline SVG line of pain (0-10) per day; gaps where nothing was logged. No style attributes (CSP)."""
    n = len(series)
    step = width / max(n - 1, 1)
    pad = 2

    def y(value: int) -> str:
        return f"{pad + (height - 2 * pad) * (1 - value / max_value):.1f}"

    segments: list[list[str]] = []
    current: list[str] = []
    for i, value in enumerate(series):
        if value is None:
            if current:
                segments.append(current)
            current = []
            continue
        current.append(f"{i * step:.1f},{y(value)}")
    if current:
        segments.append(current)

    logged = [v for v in series if v is not None]
    label = (
        f"Pain over the last {n} days: " + ", ".join("no entry" if v is None else str(v) for v in series)
        if logged
        else f"No entries in the last {n} days"
    )
    lines = format_html_join(
        "",
        '<polyline points="{}" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round"/>',
        ((" ".join(seg),) for seg in segments if len(seg) > 1),
    )
    dots = format_html_join(
        "",
        '<circle cx="{}" cy="{}" r="1.8" fill="currentColor"/>',
        ((point.split(",")[0], point.split(",")[1]) for seg in segments for point in seg),
    )
    return format_html(
        '<svg class="sparkline" role="img" aria-label="{}" width="{}" height="{}" viewBox="0 0 {} {}">'
        '<line x1="0" y1="{}" x2="{}" y2="{}" stroke="#adb5bd" stroke-width="1"/>{}{}</svg>',
        label,
        width,
        height,
        width,
        height,
        y(0),
        width,
        y(0),
        lines,
        dots,
    )
