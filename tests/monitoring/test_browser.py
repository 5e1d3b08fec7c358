"""On a phone: the runner reads a flag, dismisses it with a note, and answers a check-in."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from monitoring.models import CheckIn, Flag
from tests.conftest import login
from tests.factories import TrainingSessionFactory


@pytest.mark.django_db(transaction=True)
def test_a_runner_dismisses_a_flag_and_answers_a_check_in_on_a_phone(phone, runner):
    flag = Flag.objects.create(
        runner=runner,
        kind="night_pain",
        severity="review",
        evidence={"night_pain_days": ["2026-03-11"], "last_day": "x"},
    )
    session = TrainingSessionFactory(runner=runner, day=runner.local_today() - dt.timedelta(days=1))
    checkin = CheckIn.objects.create(
        runner=runner, session=session, run_day=session.day, due_at=timezone.now() - dt.timedelta(hours=1)
    )
    login(phone, runner)
    phone.goto("/flags/")
    assert phone.get_by_text("Night pain logged on 2026-03-11.").is_visible()

    phone.get_by_role("button", name="Not settled").click()
    phone.wait_for_url("**/flags/")
    checkin.refresh_from_db()
    assert checkin.settled is False

    phone.get_by_text("Dismiss with a note").click()
    phone.get_by_label("Why are you dismissing it?").fill("My physio has seen it")
    box = phone.get_by_role("button", name="Dismiss this flag").bounding_box()
    assert box["height"] >= 44
    phone.get_by_role("button", name="Dismiss this flag").click()
    assert phone.get_by_text("Dismissed: Night pain.").is_visible()
    flag.refresh_from_db()
    assert flag.status == "resolved"
    assert flag.resolve_note == "My physio has seen it"
