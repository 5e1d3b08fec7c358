"""The dashboard's hand-written form markup (templates/journal/_field.html, kept for speed) renders
exactly what crispy-forms renders for the same field: names, ids, labels, values, errors and aria."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.template import engines
from django.test.html import parse_html
from django.urls import reverse

from clinic.forms import CaseloadFilterForm
from journal.forms import QuickPainForm, SessionForm

ROOT = Path(__file__).resolve().parents[2]
INCLUDE = re.compile(r'{% include "journal/_field.html" with f=(\w+)\.(\w+) %}')
DJANGO = engines["django"]

TODAY = dt.date(2026, 3, 11)


DASHBOARD_FIELDS = ("templates/journal/_pain_fields.html", "templates/journal/_session_fields.html")


def fields_on_the_dashboard() -> list[tuple[str, str]]:
    """(form, field) for every field the dashboard renders through the include, read from its two forms'
    templates (the dashboard keeps their blank markup: journal.views._pain_fields, _session_fields)."""
    return [found for name in DASHBOARD_FIELDS for found in INCLUDE.findall((ROOT / name).read_text())]


def fields_on_the_caseload() -> list[tuple[str, str]]:
    return INCLUDE.findall((ROOT / "templates/clinic/_caseload_filter.html").read_text())  # the caseload's filter


def forms(runner) -> dict[str, list]:
    """Each dashboard form in the states a runner can see it: as first shown, filled in, and refused."""
    return {
        "pain_form": [
            QuickPainForm(initial={"pain": 3}, today=TODAY),
            QuickPainForm({"pain": "4", "pain_side": "left"}, today=TODAY),
            QuickPainForm({"pain": "12", "pain_side": "upwards"}, today=TODAY),
        ],
        "session_form": [
            SessionForm(runner=runner, initial={"day": "2026-03-02", "rpe": 3}),
            SessionForm(
                {"day": "2026-03-02", "session_type": "tempo", "distance": "10.5", "duration": "45", "rpe": "6"},
                runner=runner,
            ),
            SessionForm(
                {
                    "day": "not a day",
                    "session_type": "flying",
                    "distance": "-3",
                    "duration": "",
                    "rpe": "11",
                    "pain_during": "a lot",
                },
                runner=runner,
            ),
        ],
        "filter_form": [
            CaseloadFilterForm(),
            CaseloadFilterForm({"q": "Robin", "kind": "persistent_high_pain", "severity": "urgent"}),
            CaseloadFilterForm({"q": "x" * 81, "kind": "made_up", "severity": "worst"}),
        ],
    }


def by_hand(field) -> str:
    return DJANGO.from_string('{% include "journal/_field.html" %}').render({"f": field})


def by_crispy(field) -> str:
    return DJANGO.from_string("{% load crispy_forms_tags %}{{ f|as_crispy_field }}").render({"f": field})


def test_the_dashboard_renders_its_fields_through_the_include():
    assert fields_on_the_dashboard() == [
        ("pain_form", "pain_side"),
        ("session_form", "day"),
        ("session_form", "session_type"),
        ("session_form", "distance"),
        ("session_form", "duration"),
        ("session_form", "rpe"),
        ("session_form", "pain_during"),
    ]


def test_the_caseload_renders_its_filter_through_the_include():
    assert fields_on_the_caseload() == [("filter_form", "q"), ("filter_form", "kind"), ("filter_form", "severity")]


@pytest.mark.django_db
@pytest.mark.parametrize(("form_name", "field_name"), fields_on_the_dashboard() + fields_on_the_caseload())
@pytest.mark.parametrize("state", [0, 1, 2], ids=["initial", "filled", "refused"])
def test_the_include_renders_what_crispy_renders(runner, form_name, field_name, state):
    # Two fresh copies of the form: crispy adds its CSS classes to the widget it renders.
    mine, theirs = forms(runner)[form_name][state], forms(runner)[form_name][state]
    for form in (mine, theirs):
        if form.is_bound:
            form.is_valid()
    hand = by_hand(mine[field_name])
    assert parse_html(hand) == parse_html(by_crispy(theirs[field_name]))
    if state == 2:  # the refused state did show the field's error, with the aria that points at it
        assert f'aria-describedby="{mine[field_name].auto_id}_error"' in hand
        assert str(mine[field_name].errors[0]) in hand


class _Inputs(HTMLParser):
    def __init__(self, name: str) -> None:
        super().__init__()
        self.name, self.found = name, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("name") == self.name:
            self.found.append(
                {k: attrs.get(k) for k in ("type", "name", "value", "id")} | {"checked": "checked" in attrs}
            )


def pain_radios(html: str) -> list[dict]:
    parser = _Inputs("pain")
    parser.feed(html)
    return parser.found


@pytest.mark.django_db
def test_the_pain_buttons_have_the_names_ids_and_values_django_gives_them(client, runner):
    client.force_login(runner)
    client.post(reverse("journal:quick_pain"), {"pain": "6"})
    page = client.get(reverse("journal:dashboard")).content.decode()
    django_radios = pain_radios(str(QuickPainForm(initial={"pain": 6}, today=TODAY)["pain"]))
    assert pain_radios(page) == django_radios
    assert [r["value"] for r in django_radios if r["checked"]] == ["6"]


@pytest.mark.django_db
def test_the_dashboards_kept_form_markup_follows_what_it_is_kept_by(client, runner):
    # Each process keeps the blank forms' markup by what it depends on (today's pain and side; the unit and
    # the day): another pain, side, unit or day is another markup, never the last one shown.
    from journal import views

    client.force_login(runner)
    url = reverse("journal:dashboard")
    client.post(reverse("journal:quick_pain"), {"pain": "2", "pain_side": "left"})
    page = client.get(url).content.decode()
    assert [r["value"] for r in pain_radios(page) if r["checked"]] == ["2"]
    assert '<option value="left" selected>' in page
    client.post(reverse("journal:quick_pain"), {"pain": "7", "pain_side": "right"})
    page = client.get(url).content.decode()
    assert [r["value"] for r in pain_radios(page) if r["checked"]] == ["7"]
    assert '<option value="right" selected>' in page
    assert '<option value="left" selected>' not in page
    assert "Distance (km)" in page
    runner.units = "mi"
    runner.save(update_fields=["units"])
    page = client.get(url).content.decode()
    assert "Distance (mi)" in page
    assert "Distance (km)" not in page
    today = runner.local_today()
    assert f'name="day" value="{today.isoformat()}"' in page
    # and what it keeps is what the templates render for the same form
    form = SessionForm(runner=runner, initial={"day": today.isoformat(), "rpe": 3})
    fresh = DJANGO.get_template("journal/_session_fields.html").render({"session_form": form})
    assert views._session_fields(runner, today) == fresh
    pain_form = QuickPainForm(initial={"pain": 7, "pain_side": "right"}, today=today)
    fresh = DJANGO.get_template("journal/_pain_fields.html").render({"pain_form": pain_form, "saved_pain": 7})
    assert views._pain_fields(None, pain=7, side="right", today=today) == fresh


@pytest.mark.django_db
def test_a_refused_pain_tap_shows_its_error_on_the_dashboard_not_a_kept_form(client, runner):
    client.force_login(runner)
    response = client.post(reverse("journal:quick_pain"), {"pain": "12"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'aria-invalid="true"' in page
    assert "invalid-feedback d-block" in page
    assert 'aria-invalid="true"' not in client.get(reverse("journal:dashboard")).content.decode()
