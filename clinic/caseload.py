"""Caseload arithmetic over plain data: pain trend, ordering, and the 14-day sparkline.

No database and no request here: the selector feeds plain values in and renders what comes out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from django.utils.safestring import mark_safe

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
    runner_id: int | None = None  # whose row it is: each shown row is audited

    @cached_property
    def rise(self) -> float | None:  # sorting and the table both ask
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
    """An inline SVG line of pain (0-10) per day; gaps where nothing was logged, a dot for a lone day.

    Built from numbers and fixed text only (nothing user-typed), so plain formatting is safe and fast;
    no style attributes (CSP)."""
    n = len(series)
    step = width / max(n - 1, 1)
    pad = 2
    span = height - 2 * pad

    segments: list[list[tuple[float, float]]] = []
    current: list[tuple[float, float]] = []
    for i, value in enumerate(series):
        if value is None:
            if current:
                segments.append(current)
            current = []
            continue
        clamped = min(max(int(value), 0), max_value)
        current.append((i * step, pad + span * (1 - clamped / max_value)))
    if current:
        segments.append(current)

    parts = []
    for seg in segments:
        if len(seg) == 1:
            x, y = seg[0]
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2" fill="currentColor"/>')
        else:
            points = " ".join(f"{x:.1f},{y:.1f}" for x, y in seg)
            parts.append(
                f'<polyline points="{points}" fill="none" stroke="currentColor" stroke-width="2"'
                ' stroke-linejoin="round"/>'
            )
    if any(v is not None for v in series):
        label = f"Pain over the last {n} days: " + ", ".join("no entry" if v is None else str(int(v)) for v in series)
    else:
        label = f"No entries in the last {n} days"
    baseline = f"{pad + span:.1f}"
    return mark_safe(  # noqa: S308 - numbers and fixed words only
        f'<svg class="sparkline" role="img" aria-label="{label}" width="{width}" height="{height}"'
        f' viewBox="0 0 {width} {height}"><line x1="0" y1="{baseline}" x2="{width}" y2="{baseline}"'
        f' stroke="#adb5bd" stroke-width="1"/>{"".join(parts)}</svg>'
    )
