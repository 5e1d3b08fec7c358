"""The runner's health background: asked once on its own page, and the check starts from it."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from triage.forms import standing_initial
from triage.signals import standing_conditions_changed

pytestmark = pytest.mark.django_db
URL = "/triage/background/"


def test_its_address():
    assert reverse("triage:background") == URL


def test_visitors_log_in_first_and_physios_and_admins_get_404(client, physio, admin_user):
    assert client.get(URL).status_code == 302
    assert client.post(URL, {"conditions": ["cancer_history"]}).status_code == 302
    for user in (physio, admin_user):
        client.force_login(user)
        assert client.get(URL).status_code == 404
        assert client.post(URL, {"conditions": ["cancer_history"]}).status_code == 404
    physio.refresh_from_db()
    assert physio.standing_conditions == []


def test_a_runner_saves_their_background_in_the_rulebooks_order_and_can_change_it(client, runner):
    client.force_login(runner)
    page = client.get(URL)
    assert page.status_code == 200
    assert page["Cache-Control"] == "no-store, private"
    html = page.content.decode()
    for code in ("cancer_history", "fracture_risk", "infection_risk", "pars_defect"):
        assert f'value="{code}"' in html
    response = client.post(URL, {"conditions": ["pars_defect", "cancer_history"]})
    assert response.status_code == 302
    runner.refresh_from_db()
    assert runner.standing_conditions == ["cancer_history", "pars_defect"]
    assert re.search(r'value="cancer_history"[^>]*checked', client.get(URL).content.decode())
    client.post(URL, {})  # nothing ticked: none of these apply
    runner.refresh_from_db()
    assert runner.standing_conditions == []


@pytest.mark.parametrize("junk", [["hiccups"], ["fever"], ["cancer_history", "x" * 5000]])
def test_junk_is_refused_with_400_and_nothing_saved(client, runner, junk):
    runner.standing_conditions = ["fracture_risk"]
    runner.save()
    client.force_login(runner)
    response = client.post(URL, {"conditions": junk})
    assert response.status_code == 400
    assert "Tick only the questions shown." in response.content.decode()
    runner.refresh_from_db()
    assert runner.standing_conditions == ["fracture_risk"]


def test_a_change_is_announced_once_for_higher_apps(client, runner):
    heard = []

    def listener(sender, runner, before, after, **kwargs):
        heard.append((before, after))

    standing_conditions_changed.connect(listener)
    try:
        client.force_login(runner)
        client.post(URL, {"conditions": ["infection_risk"]})
        client.post(URL, {"conditions": ["infection_risk"]})  # unchanged: no news
    finally:
        standing_conditions_changed.disconnect(listener)
    assert heard == [([], ["infection_risk"])]


def test_the_check_starts_from_a_signed_in_runners_background(client, runner):
    runner.standing_conditions = ["cancer_history", "pars_defect"]
    runner.save()
    client.force_login(runner)
    response = client.get("/triage/")
    assert response["Cache-Control"] == "no-store, private"
    html = response.content.decode()
    # The first step asks the emergency signs and carries the background to the steps that ask it (a
    # walk through those steps: tests/triage/test_steps.py).
    assert '<input type="hidden" name="cancer_history" value="yes">' in html
    assert '<input type="hidden" name="pars_defect" value="yes">' in html
    assert 'name="fracture_risk"' not in html, "others are still asked"
    assert f'href="{URL}"' in html


def test_the_check_is_blank_for_visitors_and_links_no_background(client):
    html = client.get("/triage/").content.decode()
    assert not re.search(r'value="yes"[^>]*checked', html)
    assert URL not in html


def test_standing_initial_answers_yes_only_for_held_conditions():
    assert standing_initial(["fracture_risk", "unknown"]) == {"fracture_risk": "yes"}
    assert standing_initial([]) == {}
    assert standing_initial(None) == {}
