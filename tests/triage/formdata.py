"""Triage form data for tests: every warning-sign question answered (yes for the given signs), and an age."""

from __future__ import annotations

from urllib.parse import urlencode

from triage.codes import Symptom

ADULT = "30"  # the form's "18 to 40" band: no age rule applies
RESULT_URL = "/triage/result/"
EASY = {
    "pain_now": "3",
    "normal_stride": "yes",
    "spasm": "no",
    "pain_side": "left",
    "pars_defect": "no",
}


def sign_answers(symptoms=()) -> dict[str, str]:
    """Each sign's own yes/no field, as the form sends them."""
    return {code: "yes" if code in symptoms else "no" for code in Symptom.values}


def with_signs(data: dict) -> dict:
    """`data` with a `symptoms` list (the API's shape) turned into the form's yes/no questions, and an adult's
    age unless `data` gives one (the form asks it; pass ``age=None`` to leave it out)."""
    data = dict(data)
    data.setdefault("age", ADULT)
    if data["age"] is None:
        del data["age"]
    return {**data, **sign_answers(data.pop("symptoms", ()))}


def result_url(**changes) -> str:
    """The result page's address for easy answers with ``changes``."""
    data = with_signs({**EASY, **changes})
    return f"{RESULT_URL}?{urlencode(data, doseq=True)}"
