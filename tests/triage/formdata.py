"""Triage form data for tests: every warning-sign question answered (yes for the given signs)."""

from __future__ import annotations

from triage.codes import Symptom


def sign_answers(symptoms=()) -> dict[str, str]:
    """Each sign's own yes/no field, as the form sends them."""
    return {code: "yes" if code in symptoms else "no" for code in Symptom.values}


def with_signs(data: dict) -> dict:
    """`data` with a `symptoms` list (the API's shape) turned into the form's yes/no questions."""
    data = dict(data)
    return {**data, **sign_answers(data.pop("symptoms", ()))}
