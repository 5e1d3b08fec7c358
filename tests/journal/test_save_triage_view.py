"""POST /journal/triage/save/: keeps a triage result with the advice versions shown, and fills today's entry.

Needs the triage app's form, engine and advice modules, which are not on the journal branch: at merge,
rename this file to test_save_triage_view.py (it passed on a scratch merge of the triage branch).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from journal.models import Entry, SavedCheck
from tests.factories import EntryFactory
from tests.triage.formdata import with_signs

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(monkeypatch):
    calls: list[int] = []
    monkeypatch.setattr("monitoring.queueing.queue_runner_check", calls.append)
    return calls


def answers(**overrides):
    data = {
        "pain_now": "5",
        "normal_stride": "no",
        "spasm": "yes",
        "pain_side": "right",
        "symptoms": ["leg_pain", "fever"],
        "pars_defect": "no",
        "age": "30",  # the form asks the age (issue 19)
        "sex": "",
    }
    data.update(overrides)
    return with_signs(data)


def test_a_runner_saves_a_check_and_todays_entry_is_filled(client, runner, queued, time_machine):
    from triage.advice import advice_for
    from triage.engine import assess
    from triage.forms import TriageForm

    time_machine.move_to(dt.datetime(2026, 3, 11, 12, tzinfo=dt.UTC), tick=False)
    client.force_login(runner)
    response = client.post(reverse("journal:save_triage"), answers())
    assert response.status_code == 302
    check = SavedCheck.objects.get(runner=runner)
    form = TriageForm(answers())
    assert form.is_valid()
    expected = assess(form.to_answers())
    assert check.verdict == str(expected.verdict)
    assert check.advice_versions == [{"code": str(b.code), "version_id": b.version_id} for b in advice_for(expected)]
    assert check.answers["pain_now"] == 5
    entry = Entry.objects.get(runner=runner, day=dt.date(2026, 3, 11))
    assert (entry.pain, entry.pain_side, entry.normal_stride, entry.spasm) == (5, "right", False, True)
    assert sorted(entry.symptoms) == ["fever", "leg_pain"]  # every warning sign answered yes
    assert queued == [runner.pk]


def test_an_invalid_check_is_refused_with_400_and_nothing_saved(client, runner, queued):
    client.force_login(runner)
    response = client.post(reverse("journal:save_triage"), answers(pain_now="12"))
    assert response.status_code == 400
    assert not SavedCheck.objects.exists()
    assert not Entry.objects.exists()
    assert queued == []


def test_saving_a_check_needs_a_signed_in_runner(client, physio):
    assert client.post(reverse("journal:save_triage"), answers()).status_code == 302
    client.force_login(physio)
    assert client.post(reverse("journal:save_triage"), answers()).status_code == 404


def test_saving_into_an_existing_entry_says_what_changed_and_keeps_what_was_logged(
    client, runner, queued, time_machine
):
    time_machine.move_to(dt.datetime(2026, 3, 11, 12, tzinfo=dt.UTC), tick=False)
    EntryFactory(runner=runner, day=dt.date(2026, 3, 11), pain=2, pain_side="right", symptoms=["night_pain"])
    client.force_login(runner)
    response = client.post(reverse("journal:save_triage"), answers(symptoms=["fever", "leg_pain"]), follow=True)
    entry = Entry.objects.get(runner=runner, day=dt.date(2026, 3, 11))
    assert entry.pain == 2, "what the runner logged stays"
    assert entry.symptoms == ["fever", "leg_pain", "night_pain"]
    shown = [str(m) for m in response.context["messages"]]
    assert any("added the warning signs you answered yes to" in m and "pain spreading down a leg" in m for m in shown)
    assert any("pain stays 2 (the check said 5)" in m for m in shown)
    assert any(m.startswith("You logged a sign that a doctor should check today.") and "NHS 111" in m for m in shown)


def test_an_emergency_sign_saved_from_a_check_gives_the_emergency_numbers_never_111(client, runner, queued):
    client.force_login(runner)
    response = client.post(reverse("journal:save_triage"), answers(symptoms=["sexual_dysfunction"]), follow=True)
    shown = [str(m) for m in response.context["messages"]]
    warning = next(m for m in shown if m.startswith("You logged a sign that needs emergency care."))
    assert "999" in warning
    assert "111" not in warning


def test_a_check_with_a_standing_condition_does_not_put_it_in_todays_entry(client, runner, queued, time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 11, 12, tzinfo=dt.UTC), tick=False)
    client.force_login(runner)
    data = answers(symptoms=["cancer_history", "night_pain"], normal_stride="yes", spasm="no", pain_now="3")
    response = client.post(reverse("journal:save_triage"), data)
    assert response.status_code == 302
    assert SavedCheck.objects.get(runner=runner).verdict == "urgent"
    assert Entry.objects.get(runner=runner).symptoms == ["night_pain"], "the daily record holds daily signs only"
