"""The menu marks the current section; a logged day opens its own entry instead of a blank form."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from accounts.templatetags.nav import is_current
from tests.factories import EntryFactory

pytestmark = pytest.mark.django_db


def current_links(html: str) -> list[str]:
    return re.findall(r'<a class="nav-link active" href="([^"]+)" aria-current="page">', html)


@pytest.mark.parametrize(
    ("path", "url", "match", "expected"),
    [
        ("/journal/", "/journal/", "exact", True),
        ("/journal/entries/", "/journal/", "exact", False),
        ("/journal/entries/2026-03-01/", "/journal/entries/", "/journal/entries/ /journal/sessions/", True),
        ("/journal/sessions/new/", "/journal/entries/", "/journal/entries/ /journal/sessions/", True),
        ("/journal/import/csv/", "/journal/data/", "/journal/data/ /journal/import/", True),
        ("/flags/checkins/3/", "/flags/", "", True),
        ("/clinic/care-team/", "/flags/", "", False),
    ],
)
def test_a_link_is_current_only_inside_its_own_section(path, url, match, expected):
    assert is_current(path, url, match) is expected


@pytest.mark.parametrize(
    ("url_name", "expected_current"),
    [
        ("journal:dashboard", ["/journal/"]),
        ("journal:entries", ["/journal/entries/"]),
        ("journal:entry_new", ["/journal/entries/"]),
        ("monitoring:list", ["/flags/"]),
        ("journal:your_data", ["/journal/data/"]),
        ("journal:import_csv", ["/journal/data/"]),
        ("clinic:care_team", ["/clinic/care-team/"]),
        ("accounts:profile", ["/accounts/profile/", "/accounts/profile/"]),  # the menu, and the account menu
    ],
)
def test_the_runner_menu_has_flags_and_your_data_and_marks_one_current_page(signed_in, url_name, expected_current):
    html = signed_in.get(reverse(url_name)).content.decode()
    assert '<a class="nav-link' in html
    assert 'href="/flags/"' in html
    assert 'href="/journal/data/"' in html
    assert ">Flags</a>" in html
    assert ">Your data</a>" in html
    assert current_links(html) == expected_current


def test_a_logged_day_in_the_new_entry_link_opens_that_days_entry(signed_in, runner):
    EntryFactory(runner=runner, day=dt.date(2026, 3, 9), pain=3)
    response = signed_in.get(reverse("journal:entry_new") + "?day=2026-03-09")
    assert response.status_code == 302
    assert response["Location"] == reverse("journal:entry_edit", args=["2026-03-09"])


def test_a_day_not_yet_logged_opens_a_blank_form_for_that_day(signed_in, runner):
    response = signed_in.get(reverse("journal:entry_new") + "?day=2026-03-08")
    assert response.status_code == 200
    assert response.context["form"].initial["day"] == "2026-03-08"


def test_a_nonsense_day_opens_the_blank_form_rather_than_failing(signed_in):
    response = signed_in.get(reverse("journal:entry_new") + "?day=yesterday%00")
    assert response.status_code == 200


def test_the_duplicate_day_error_links_to_the_entry_already_logged(signed_in, runner):
    EntryFactory(runner=runner, day=dt.date(2026, 3, 9), pain=3)
    response = signed_in.post(reverse("journal:entry_new"), {"day": "2026-03-09", "pain": "5"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="/journal/entries/2026-03-09/">Open your entry for Monday 9 March</a>' in html
    assert runner.entries.get().pain == 3
