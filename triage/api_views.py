"""POST /api/triage/: the engine as JSON. Saves nothing, needs no login, never answers 500 for bad input."""

from __future__ import annotations

import json

from django.conf import settings
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt

from core.net import client_address
from core.ratelimit import limit_hit
from triage.advice import advice_for
from triage.api import parse_answers
from triage.contacts import contacts_for
from triage.engine import assess

MAX_BODY_BYTES = 16 * 1024


def _error(status: int, errors: dict[str, list[str]], **headers: str) -> JsonResponse:
    response = JsonResponse({"errors": errors}, status=status)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def _reject_constant(name: str):
    raise ValueError(f"{name} is not valid JSON")


def _decode(request) -> tuple[object, dict[str, list[str]]]:
    content_type = request.content_type or ""
    if content_type != "application/json":
        return None, {"body": ["Send JSON with the header Content-Type: application/json."]}
    length = request.META.get("CONTENT_LENGTH") or "0"
    if not length.isdigit() or int(length) > MAX_BODY_BYTES:
        return None, {"body": [f"The body must be at most {MAX_BODY_BYTES} bytes."]}
    try:
        return json.loads(request.body.decode("utf-8"), parse_constant=_reject_constant), {}
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None, {"body": ["The body is not valid JSON."]}


@csrf_exempt
def triage_api(request):
    if request.method != "POST":
        response = _error(405, {"method": ["Use POST."]})
        response["Allow"] = "POST"
        return response
    limit = limit_hit(
        scope="triage_api",
        client=client_address(request),
        per_minute=settings.TRIAGE_API_RATE_PER_MINUTE,
    )
    if not limit.allowed:
        return _error(
            429, {"rate": ["Too many requests from this address; try again later."]}, Retry_After=str(limit.retry_after)
        )
    data, errors = _decode(request)
    if errors:
        return _error(400, errors)
    answers, errors = parse_answers(data)
    if answers is None:
        return _error(400, errors)
    assessment = assess(answers)
    return JsonResponse(
        {
            "verdict": assessment.verdict,
            "likely_cause": assessment.likely_cause,
            "advice": [{"code": b.code, "title": b.title, "html": b.html} for b in advice_for(assessment)],
            "reasons": list(assessment.reasons),
            "risk_factors": list(assessment.risk_factors),
            "rule_ids": list(assessment.rule_ids),
            "contact": [
                c.as_dict()
                for c in contacts_for(assessment.verdict, answers_country(data), settings.EMERGENCY_COUNTRY_DEFAULT)
            ],
        }
    )


def answers_country(data: object) -> str | None:
    """The `country` of a body parse_answers accepted (None when not given)."""
    return data.get("country") if isinstance(data, dict) else None
