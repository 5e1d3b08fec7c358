"""POST /api/triage/: answers, validation of every field, and the per-address rate limit."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

URL = "/api/triage/"

VALID = {
    "pain_now": 4,
    "normal_stride": True,
    "spasm": False,
    "pain_side": "both",
    "symptoms": [],
    "pars_defect": False,
}


def post(client, body, content_type="application/json", **extra):
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return client.post(URL, data=data, content_type=content_type, **extra)


@pytest.fixture(autouse=True)
def _generous_limit(settings):
    settings.TRIAGE_API_RATE_PER_MINUTE = 10_000


@pytest.mark.django_db
def test_it_answers_verdict_cause_advice_reasons_and_risk_factors(client):
    response = post(client, {**VALID, "age": 45, "sex": "male", "load_changes": ["further", "strength"]})
    assert response.status_code == 200
    data = response.json()
    assert data["verdict"] == "easy_run"
    assert data["likely_cause"] == "muscle_overwork"
    assert data["risk_factors"] == ["male", "over_40", "load_increase"]
    assert data["reasons"]
    assert all(isinstance(r, str) for r in data["reasons"])
    codes = [block["code"] for block in data["advice"]]
    assert codes == [
        "verdict_easy_run",
        "cause_muscle_overwork",
        "advice_reduce_load",
        "advice_load_increase",
        "help_when_to_get_help",
    ]
    assert set(data["advice"][0]) == {"code", "title", "html"}
    assert "<strong>" in data["advice"][2]["html"]


@pytest.mark.django_db
def test_it_gives_emergency_for_cauda_equina_symptoms_and_null_cause_for_centre_pain(client):
    data = post(client, {**VALID, "pain_side": "centre", "symptoms": ["bladder_bowel"]}).json()
    assert data["verdict"] == "emergency"
    assert data["likely_cause"] is None
    assert data["advice"][0]["title"] == "Get emergency care now"


@pytest.mark.django_db
def test_it_needs_no_login_no_csrf_token_and_saves_nothing(client):
    csrf_client = Client(enforce_csrf_checks=True)
    with CaptureQueriesContext(connection) as queries:
        response = post(csrf_client, VALID)
    assert response.status_code == 200
    writes = [q["sql"] for q in queries if q["sql"].split()[0] in {"INSERT", "UPDATE", "DELETE"}]
    assert writes, "the rate-limit counter is written"
    assert all('"django_cache"' in sql for sql in writes), "nothing but the rate-limit counter is written"


@pytest.mark.django_db
def test_optional_fields_may_be_null(client):
    assert post(client, {**VALID, "age": None, "sex": None, "load_changes": None}).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("pain_now", -1),
        ("pain_now", 11),
        ("pain_now", 3.5),
        ("pain_now", "3"),
        ("pain_now", True),
        ("pain_now", None),
        ("pain_now", 10**300),
        ("normal_stride", 1),
        ("normal_stride", "true"),
        ("normal_stride", None),
        ("spasm", 0),
        ("spasm", "no"),
        ("pars_defect", "false"),
        ("pars_defect", []),
        ("pain_side", "top"),
        ("pain_side", "LEFT"),
        ("pain_side", 1),
        ("symptoms", "leg_pain"),
        ("symptoms", ["hiccups"]),
        ("symptoms", ["leg_pain", "leg_pain"]),
        ("symptoms", [1]),
        ("symptoms", [["leg_pain"]]),
        ("symptoms", {"leg_pain": True}),
        ("age", 0),
        ("age", 121),
        ("age", "40"),
        ("age", 40.0),
        ("age", False),
        ("sex", "m"),
        ("sex", 1),
        ("load_changes", ["longer"]),
        ("load_changes", ["faster", "faster"]),
        ("load_changes", "faster"),
    ],
)
def test_a_bad_value_is_a_400_naming_that_field(client, field, value):
    response = post(client, {**VALID, field: value})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert list(errors) == [field]
    assert all(isinstance(message, str) and message for message in errors[field])


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["pain_now", "normal_stride", "spasm", "pain_side", "symptoms", "pars_defect"])
def test_a_missing_required_field_is_named(client, field):
    body = {k: v for k, v in VALID.items() if k != field}
    response = post(client, body)
    assert response.status_code == 400
    assert response.json()["errors"] == {field: ["This field is required."]}


@pytest.mark.django_db
def test_every_bad_field_is_named_at_once(client):
    response = post(client, {"pain_now": "x", "spasm": 1, "colour": "red", "symptoms": ["fever", "flu"]})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {
        "pain_now",
        "spasm",
        "colour",
        "symptoms",
        "normal_stride",
        "pain_side",
        "pars_defect",
    }
    assert response.json()["errors"]["colour"] == ["Unknown field."]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("{not json", "application/json"),
        ("", "application/json"),
        ("[1, 2]", "application/json"),
        ('"a string"', "application/json"),
        ("null", "application/json"),
        ("42", "application/json"),
        ('{"pain_now": NaN}', "application/json"),
        ('{"pain_now": Infinity}', "application/json"),
        ("[" * 5000 + "]" * 5000, "application/json"),
        ('{"pain_now": ' + "9" * 5000 + "}", "application/json"),
        (b"\xff\xfe{}", "application/json"),
        (json.dumps(VALID), "text/plain"),
        ("pain_now=3&spasm=no", "application/x-www-form-urlencoded"),
    ],
)
def test_a_body_that_is_not_a_json_object_is_a_400_not_a_500(client, body, content_type):
    response = post(client, body, content_type=content_type)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["errors"]


@pytest.mark.django_db
def test_a_huge_body_is_refused(client):
    response = post(client, {**VALID, "padding": "x" * 20_000})
    assert response.status_code == 400
    assert "at most" in response.json()["errors"]["body"][0]


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "put", "delete"])
def test_other_methods_are_405_in_json(client, method):
    response = getattr(client, method)(URL)
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert response.json()["errors"]["method"]


@pytest.mark.django_db
def test_past_the_limit_an_address_gets_429_with_retry_after(client, settings, time_machine):
    settings.TRIAGE_API_RATE_PER_MINUTE = 3
    time_machine.move_to("2026-03-02 08:00:45+00:00", tick=False)  # all four requests in one minute
    statuses = [post(client, VALID).status_code for _ in range(3)]
    assert statuses == [200, 200, 200]
    refused = post(client, VALID)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "15"
    assert refused.json()["errors"]["rate"]
    # Another address still gets through.
    assert post(client, VALID, REMOTE_ADDR="203.0.113.9").status_code == 200


@pytest.mark.django_db
def test_bad_requests_count_towards_the_limit_too(client, settings, time_machine):
    settings.TRIAGE_API_RATE_PER_MINUTE = 2
    time_machine.move_to("2026-03-02 08:00:59+00:00", tick=False)
    post(client, "{bad")
    post(client, "{bad")
    assert post(client, VALID).status_code == 429


@pytest.mark.django_db
def test_the_limit_resets_in_the_next_minute(client, settings, time_machine):
    settings.TRIAGE_API_RATE_PER_MINUTE = 1
    time_machine.move_to("2026-03-02 08:00:10+00:00", tick=False)
    assert post(client, VALID).status_code == 200
    refused = post(client, VALID)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "50"
    time_machine.move_to("2026-03-02 08:01:00+00:00", tick=False)
    assert post(client, VALID).status_code == 200


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=12,
)
fuzzed_bodies = st.fixed_dictionaries(
    {},
    optional={
        name: json_values | st.sampled_from([0, 5, 10, True, False, "left", "both", ["fever"], []])
        for name in [*VALID, "age", "sex", "load_changes"]
    },
)


@pytest.mark.django_db
@hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=fuzzed_bodies | json_values)
def test_any_json_body_gets_a_200_or_a_400_never_a_500(client, body):
    response = post(client, body)
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert response.json()["errors"]
    else:
        assert response.json()["advice"]


def test_rate_limit_keys_on_the_real_client_behind_a_trusted_proxy(rf, settings):
    from core.net import client_address

    request = rf.post("/api/triage/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9", REMOTE_ADDR="10.0.0.2")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(request) == "10.0.0.2"
    settings.TRUSTED_PROXY_COUNT = 1  # nginx appended the address it saw; "6.6.6.6" was forged by the client
    assert client_address(request) == "203.0.113.9"


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["thoracic_pain", "constant_pain", "not_improving"])
def test_it_takes_the_new_sign_codes(client, code):
    data = post(client, {**VALID, "age": 30, "symptoms": [code]}).json()
    assert data["verdict"] == "see_clinician"
    assert data["rule_ids"] == [f"clinician.{code}"]
    assert data["likely_cause"] is None, "no cause beside a warning sign"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("symptoms", "age", "verdict", "rule_id"),
    [
        (["trauma"], None, "urgent", "urgent.fall_over_70"),
        (["trauma"], 45, "see_clinician", "clinician.trauma"),
        (["extension_pain"], None, "see_clinician", "clinician.extension_pain_under_18"),
        (["extension_pain"], 30, "easy_run", "easy_run.some_pain"),
        (["first_episode"], None, "see_clinician", "clinician.first_episode_over_50"),
        (["first_episode"], 30, "easy_run", "easy_run.some_pain"),
    ],
)
def test_a_missing_age_takes_the_cautious_side_of_each_age_rule(client, symptoms, age, verdict, rule_id):
    body = {**VALID, "symptoms": symptoms, **({"age": age} if age is not None else {})}
    data = post(client, body).json()
    assert (data["verdict"], data["rule_ids"][0]) == (verdict, rule_id)
    if age is None:
        assert "did not give your age" in data["reasons"][0]
