"""Emergency and urgent-care numbers: one set by country, used by results, the API and the journal."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from core.countries import COUNTRY_NAMES
from tests.triage.formdata import with_signs
from triage.contacts import EUROPE_112, REGIONS, care_now_sentence, contacts_for, region_for

EMERGENCY_NUMBERS = {"GB": "999", "IE": "112", "FR": "112", "DE": "112", "US": "911", "CA": "911", "AU": "000"}
EMERGENCY_NUMBERS["NZ"] = "111"  # New Zealand's emergency number (not the UK's NHS 111)


@pytest.mark.parametrize(("country", "tel"), sorted(EMERGENCY_NUMBERS.items()))
def test_each_listed_country_gets_its_own_emergency_number(country, tel):
    assert [c.tel for c in contacts_for("emergency", country)] == [tel]


def test_nhs_111_is_never_offered_for_an_emergency():
    for country in COUNTRY_NAMES:
        for contact in contacts_for("emergency", country):
            assert "NHS 111" not in contact.label
            assert contact.tel != "111" or country == "NZ", country


def test_the_uk_urgent_list_offers_nhs_111_then_999_if_it_gets_worse():
    assert [(c.tel, c.label) for c in contacts_for("urgent", "GB")] == [
        ("111", "Call NHS 111 (urgent advice, day and night)"),
        ("999", "If it gets worse: call 999 (emergency)"),
    ]


@pytest.mark.parametrize("verdict", ["see_clinician", "walk_instead", "easy_run", "run"])
def test_other_verdicts_get_no_numbers(verdict):
    assert contacts_for(verdict, "GB") == ()


def test_an_unlisted_country_gets_112_and_no_country_gets_the_site_default():
    assert [c.tel for c in contacts_for("emergency", "JP")] == ["112"]
    assert [c.tel for c in contacts_for("emergency", None, default="AU")] == ["000"]
    assert [c.tel for c in contacts_for("emergency", "", default="US")] == ["911"]


def test_every_eu_member_and_ireland_is_covered_and_numbers_are_digits():
    assert {"IE", "FR", "DE", "ES", "IT", "PL", "NL", "SE"} <= set(REGIONS)
    assert set(COUNTRY_NAMES) >= EUROPE_112
    for region in {*REGIONS.values(), region_for("JP")}:
        for contact in (*region.emergency, *region.urgent):
            assert contact.tel.isdigit()


def test_the_plain_sentence_holds_the_same_numbers():
    assert "Call 000 (emergency)" in care_now_sentence("emergency", "AU")
    assert "111" not in care_now_sentence("emergency", "GB")
    assert "NHS 111" in care_now_sentence("urgent", "GB")


# --- where the numbers show --------------------------------------------------------------------------
RESULT = "/triage/result/"
BASE = {"pain_now": "3", "normal_stride": "yes", "spasm": "no", "pain_side": "left", "pars_defect": "no"}


@pytest.mark.django_db
def test_a_visitor_sees_the_site_default_numbers(client, settings):
    settings.EMERGENCY_COUNTRY_DEFAULT = "US"
    html = client.get(RESULT, with_signs({**BASE, "symptoms": ["bladder_bowel"]})).content.decode()
    assert 'href="tel:911"' in html
    assert "tel:999" not in html


@pytest.mark.django_db
def test_a_runner_sees_the_numbers_of_the_country_in_their_profile(client, runner):
    client.force_login(runner)
    response = client.post(
        reverse("accounts:profile"),
        {"display_name": "Robin", "time_zone": "Australia/Sydney", "units": "km", "country": "AU"},
    )
    assert response.status_code == 302
    runner.refresh_from_db()
    assert runner.country == "AU"
    html = client.get(RESULT, with_signs({**BASE, "symptoms": ["fever"]})).content.decode()
    assert 'href="tel:1800022222"' in html
    assert 'href="tel:000"' in html


@pytest.mark.django_db
def test_the_profile_refuses_a_country_that_is_not_in_the_list(client, runner):
    client.force_login(runner)
    response = client.post(
        reverse("accounts:profile"),
        {"display_name": "Robin", "time_zone": "Europe/London", "units": "km", "country": "XX"},
    )
    assert response.status_code == 200
    runner.refresh_from_db()
    assert runner.country == ""


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("country", "symptoms", "tels"),
    [
        ("GB", ["saddle_numbness"], ["999"]),
        ("GB", ["weight_loss"], ["111", "999"]),
        ("NZ", ["both_legs"], ["111"]),
        ("US", ["night_pain"], []),
        (None, [], []),
    ],
)
def test_the_api_returns_contact_for_emergency_and_urgent_only(client, settings, country, symptoms, tels):
    settings.TRIAGE_API_RATE_PER_MINUTE = 10_000
    body = {"pain_now": 2, "normal_stride": True, "spasm": False, "pain_side": "none", "symptoms": symptoms}
    body["pars_defect"] = False
    if country:
        body["country"] = country
    data = client.post("/api/triage/", json.dumps(body), content_type="application/json").json()
    assert [c["tel"] for c in data["contact"]] == tels
    assert all(set(c) == {"label", "tel"} for c in data["contact"])


@pytest.mark.django_db
@pytest.mark.parametrize("country", ["gb", "XX", "GBR", 44, "", True])
def test_the_api_refuses_an_unknown_country_with_400(client, settings, country):
    settings.TRIAGE_API_RATE_PER_MINUTE = 10_000
    body = {"pain_now": 2, "normal_stride": True, "spasm": False, "pain_side": "none", "symptoms": []}
    response = client.post(
        "/api/triage/", json.dumps({**body, "pars_defect": False, "country": country}), content_type="application/json"
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"country"}


def test_a_bad_site_default_stops_start_up():
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", "import django, os; django.setup()"],
        env={
            **__import__("os").environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "EMERGENCY_COUNTRY_DEFAULT": "XX",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "EMERGENCY_COUNTRY_DEFAULT" in result.stderr


@pytest.mark.django_db
def test_the_get_help_now_include_renders_anywhere(rf, runner):
    from django.template import Context, Template

    runner.country = "CA"
    request = rf.get("/")
    request.user = runner
    html = Template('{% load triage_tags %}{% get_help_now level="urgent" %}').render(Context({"request": request}))
    assert 'href="tel:811"' in html
    assert 'href="tel:911"' in html
    assert "See a doctor today" in html, "the wording is the admin-edited urgent text"
