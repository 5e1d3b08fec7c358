"""Distances and durations as runners type and read them. Stored values are metres and seconds."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

METRES_PER = {"km": Decimal("1000"), "mi": Decimal("1609.344")}
UNIT_LABEL = {"km": "km", "mi": "mi"}


def to_metres(value: Decimal | float | int, unit: str) -> int:
    return int((Decimal(str(value)) * METRES_PER[unit]).quantize(Decimal("1")))


def from_metres(metres: int | float, unit: str, places: int = 2) -> float:
    return round(float(metres) / float(METRES_PER[unit]), places)


def parse_duration(text: str) -> int:
    """Seconds from "45" or "45.5" (minutes), "45:30" (mm:ss) or "1:05:00" (h:mm:ss).

    Raises ValueError with a sentence a runner can act on.
    """
    text = (text or "").strip()
    if not text:
        raise ValueError("Enter how long it took, in minutes (45) or as h:mm:ss (1:05:00).")
    parts = text.split(":")
    try:
        if len(parts) == 1:
            return int((Decimal(parts[0]) * 60).quantize(Decimal("1")))
        if len(parts) in (2, 3):
            numbers = [int(p) for p in parts]
            if any(n < 0 for n in numbers) or any(n >= 60 for n in numbers[1:]):
                raise ValueError
            if len(numbers) == 2:
                return numbers[0] * 60 + numbers[1]
            return numbers[0] * 3600 + numbers[1] * 60 + numbers[2]
    except (InvalidOperation, ValueError):
        pass
    raise ValueError("Write the time in minutes (45) or as h:mm:ss (1:05:00).")


def format_duration(seconds: int) -> str:
    seconds = int(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


def format_pace(distance_m: int, duration_s: int, unit: str) -> str:
    """Minutes per km or per mile, e.g. "5:30 /km"; empty when there is no distance."""
    if distance_m <= 0 or duration_s <= 0:
        return ""
    per_unit = duration_s / (distance_m / float(METRES_PER[unit]))
    minutes, secs = divmod(round(per_unit), 60)
    return f"{minutes}:{secs:02d} /{UNIT_LABEL[unit]}"
