"""Strict reading of the JSON API's request body into engine answers. Pure: no request, no database.

Stricter than the HTML form on purpose: JSON has real types, so a boolean given as 1 or "true", a
number given as a string, an unknown or repeated code, or an unexpected field is an error, named
by field, never a guess.
"""

from __future__ import annotations

from typing import Any

from triage.codes import LoadChange, PainSide, Sex, Symptom
from triage.contacts import is_country
from triage.engine import Answers, answers_from
from triage.rulebook import PAIN_MAX, PAIN_MIN

REQUIRED_FIELDS = ("pain_now", "normal_stride", "spasm", "pain_side", "symptoms", "pars_defect")
OPTIONAL_FIELDS = ("age", "sex", "load_changes", "country")
MIN_AGE, MAX_AGE = 1, 120

Errors = dict[str, list[str]]


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _int_in_range(value: Any, low: int, high: int) -> str | None:
    if not _is_int(value):
        return f"Must be a whole number from {low} to {high}."
    if not low <= value <= high:
        return f"Must be from {low} to {high}."
    return None


def _bool(value: Any) -> str | None:
    return None if isinstance(value, bool) else "Must be true or false."


def _choice(value: Any, allowed: list[str]) -> str | None:
    if not isinstance(value, str) or value not in allowed:
        return "Must be one of: " + ", ".join(f'"{code}"' for code in allowed) + "."
    return None


def _codes(value: Any, allowed: list[str]) -> list[str]:
    if not isinstance(value, list):
        return ["Must be a list of codes (it may be empty)."]
    problems = []
    unknown = [item for item in value if not isinstance(item, str) or item not in allowed]
    if unknown:
        shown = ", ".join(repr(item)[:40] for item in unknown[:5])
        problems.append(
            f"Unknown {'code' if len(unknown) == 1 else 'codes'}: {shown}. Known codes: {', '.join(allowed)}."
        )
    known = [item for item in value if isinstance(item, str) and item in allowed]
    if len(set(known)) != len(known):
        problems.append("A code appears more than once.")
    return problems


def parse_answers(data: Any) -> tuple[Answers | None, Errors]:
    """Answers from a decoded JSON body, or None and every problem found, keyed by field."""
    if not isinstance(data, dict):
        return None, {"body": ["The body must be a JSON object."]}
    errors: Errors = {}

    def check(field: str, problem: str | list[str] | None) -> None:
        problems = [problem] if isinstance(problem, str) else (problem or [])
        if problems:
            errors[field] = problems

    for field in REQUIRED_FIELDS:
        if field not in data:
            errors[field] = ["This field is required."]
    for field in data:
        if field not in REQUIRED_FIELDS and field not in OPTIONAL_FIELDS:
            errors[str(field)[:60]] = ["Unknown field."]

    if "pain_now" in data:
        check("pain_now", _int_in_range(data["pain_now"], PAIN_MIN, PAIN_MAX))
    for field in ("normal_stride", "spasm", "pars_defect"):
        if field in data:
            check(field, _bool(data[field]))
    if "pain_side" in data:
        check("pain_side", _choice(data["pain_side"], PainSide.values))
    if "symptoms" in data:
        check("symptoms", _codes(data["symptoms"], Symptom.values))
    if data.get("age") is not None:
        check("age", _int_in_range(data["age"], MIN_AGE, MAX_AGE))
    if data.get("sex") is not None:
        check("sex", _choice(data["sex"], Sex.values))
    if data.get("load_changes") is not None:
        check("load_changes", _codes(data["load_changes"], LoadChange.values))

    if data.get("country") is not None and not is_country(data["country"]):
        check("country", 'Must be an ISO 3166 two-letter country code in capitals, such as "GB" or "US".')

    if errors:
        return None, errors
    return answers_from(data), {}
