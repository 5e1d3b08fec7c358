"""A saved check opened again says it is saved (issue 22 §4), instead of offering "Save to my journal"."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from journal.models import SavedCheck
from tests.triage.formdata import with_signs
from tests.utils import NOW  # `signed_in`'s clock

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("quiet_monitoring")]
SAVE = "Save to my journal"
SAVED = "This check is saved in your journal today."


def answers(**overrides) -> dict:
    base = {"pain_now": "3", "normal_stride": "yes", "spasm": "no", "pain_side": "left", "pars_defect": "no"}
    return with_signs({**base, **overrides})


def result(client, data) -> str:
    response = client.get(reverse("triage:result") + "?" + urlencode(data, doseq=True))
    assert response.status_code == 200
    return response.content.decode()


def test_a_check_saved_today_says_so_when_opened_again(signed_in, runner, time_machine):
    data = answers()
    assert SAVE in result(signed_in, data)
    assert signed_in.post(reverse("journal:save_triage"), data).status_code == 302
    assert SavedCheck.objects.filter(runner=runner).count() == 1
    page = result(signed_in, data)
    assert SAVED in page
    assert SAVE not in page
    assert f'<a href="{reverse("journal:dashboard")}">Open your journal</a>' in page
    # Other answers are another check; tomorrow the same answers are a new day's check.
    assert SAVE in result(signed_in, answers(pain_now="4"))
    time_machine.move_to(NOW + dt.timedelta(days=1), tick=False)
    assert SAVE in result(signed_in, data)


def test_another_runners_saved_check_is_not_theirs(client, runner, other_runner, monkeypatch):
    monkeypatch.setattr("monitoring.queueing.queue_runner_check", lambda runner_id: None)
    data = answers()
    client.force_login(runner)
    client.post(reverse("journal:save_triage"), data)
    client.force_login(other_runner)  # a new session
    page = result(client, data)
    assert SAVE in page
    assert SAVED not in page
