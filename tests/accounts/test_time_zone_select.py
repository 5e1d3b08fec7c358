"""The time zone select at sign-up and on the profile: grouped by region, each place by its city, the
browser's own zone chosen by our static script (issue 22 §4); Europe/London without JavaScript."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from accounts.forms import ProfileForm, SignupExtraForm
from accounts.models import time_zone_choices, time_zone_groups


def test_zones_are_grouped_by_region_with_city_names():
    groups = dict(time_zone_groups())
    assert groups["UTC"] == "UTC"
    assert ("Europe/Madrid", "Madrid") in groups["Europe"]
    assert ("America/New_York", "New York") in groups["America"]
    assert ("America/Argentina/Buenos_Aires", "Buenos Aires (Argentina)") in groups["America"]
    assert list(groups) == ["UTC", *sorted(g for g in groups if g != "UTC")]
    cities = [label for _name, label in groups["Europe"]]
    assert cities == sorted(cities)
    grouped = {name for group in groups.values() if isinstance(group, list) for name, _ in group} | {"UTC"}
    assert grouped == set(dict(time_zone_choices())), "every zone of the list, once"
    assert not any(
        "/" in label or "_" in label for group in groups.values() if isinstance(group, list) for _, label in group
    )


def test_the_blank_signup_form_asks_the_script_to_preselect_and_defaults_to_london():
    form = SignupExtraForm()
    html = str(form["time_zone"])
    assert 'data-browser-time-zone="preselect"' in html
    assert '<optgroup label="Europe">' in html
    assert re.search(r'<option value="Europe/London" selected>London</option>', html), "the default without JavaScript"
    assert '<option value="Europe/Madrid">Madrid</option>' in html


def test_a_signup_form_sent_back_with_an_error_keeps_the_chosen_zone():
    form = SignupExtraForm(data={"time_zone": "Europe/Madrid", "role": "nobody"})
    assert not form.is_valid()
    html = str(form["time_zone"])
    assert "data-browser-time-zone" not in html, "the script must not overwrite what the runner chose"
    assert '<option value="Europe/Madrid" selected>Madrid</option>' in html


@pytest.mark.parametrize("zone", ["Europe/Madrid", "America/Argentina/Buenos_Aires", "UTC"])
def test_a_grouped_zone_is_accepted(zone):
    form = SignupExtraForm(data={"time_zone": zone, "role": "runner"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["time_zone"] == zone


@pytest.mark.parametrize("zone", ["Europe", "Mars/Olympus", "EST5EDT", "x" * 5000])
def test_anything_else_is_refused_with_a_message(zone):
    form = SignupExtraForm(data={"time_zone": zone, "role": "runner"})
    assert not form.is_valid()
    assert form.errors["time_zone"]


@pytest.mark.django_db
def test_the_signup_and_profile_pages_load_the_script_and_no_inline_one(client, runner):
    pages = [client.get(reverse("account_signup")).content.decode()]
    client.force_login(runner)
    pages.append(client.get(reverse("accounts:profile")).content.decode())
    for html in pages:
        assert re.search(r'<script src="/static/js/time-zone\.js" defer></script>', html)
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "no inline script (CSP)"
        assert '<optgroup label="Europe">' in html
    assert 'data-browser-time-zone="offer"' in pages[1]


@pytest.mark.django_db
def test_the_profile_keeps_the_saved_zone_selected(runner):
    runner.time_zone = "Europe/Madrid"
    html = str(ProfileForm(instance=runner)["time_zone"])
    assert '<option value="Europe/Madrid" selected>Madrid</option>' in html
