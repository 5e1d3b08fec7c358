"""A linked physio starts, edits, pauses, resumes and ends a client's plan; every look is audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from plans.models import Plan, PlanStatus
from plans.services import plan_start
from tests.factories import FlagFactory

pytestmark = pytest.mark.django_db

MON = dt.date(2026, 3, 2)


def url(name, link):
    return reverse(name, args=[link.public_id])


def test_the_client_page_links_to_the_plan_and_each_look_at_the_plan_is_audited(physio_client, physio, runner, link):
    assert b'id="client-plan-link"' in physio_client.get(url("clinic:client", link)).content
    before = AuditEvent.objects.filter(actor=physio, runner=runner, action="view").count()
    page = physio_client.get(url("plans:client", link)).content.decode()
    assert "Start a plan" in page
    assert AuditEvent.objects.filter(actor=physio, runner=runner, action="view").count() == before + 1


def test_a_physio_starts_a_clients_plan_at_a_stage_from_a_day(physio_client, physio, runner, link, monday):
    response = physio_client.post(url("plans:client_start", link), {"stage": "3", "since": "2026-02-25"})
    assert response.status_code == 302
    plan = Plan.objects.get(runner=runner)
    assert (plan.stage, plan.stage_since, plan.started_by) == (3, dt.date(2026, 2, 25), physio)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"stage": "12"}, "Choose a stage from 1 to 10."),
        ({"stage": "1", "since": "2026-03-09"}, "The start day cannot be in the future."),
        ({"stage": "one"}, "Enter a whole number."),
        ({"stage": "1", "since": "yesterday"}, "Enter a valid date."),
        ({"stage": "1", "since": "0001-01-01"}, "The start day can be at most 365 days ago."),
    ],
)
def test_a_bad_start_answers_400_with_the_message_and_starts_nothing(physio_client, link, monday, data, message):
    response = physio_client.post(url("plans:client_start", link), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Plan.objects.exists()


def test_a_physio_moves_the_stage_holds_it_and_sets_the_plans_own_session(physio_client, physio, runner, link, monday):
    plan = plan_start(runner=runner, actor=runner)
    response = physio_client.post(
        url("plans:client_edit", link),
        {
            "stage": "4",
            "hold": "on",
            "note": "Keep it slow",
            "session_type": "run_walk",
            "minutes": "24",
            "run_minutes": "3",
            "walk_minutes": "1",
            "days": ["0", "3"],
        },
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.stage, plan.hold, plan.physio_note) == (4, True, "Keep it slow")
    assert (plan.custom_type, plan.custom_minutes, plan.custom_days) == ("run_walk", 24, [0, 3])
    assert [e.kind for e in plan.events.all()] == ["start", "move", "edit"]
    physio_client.force_login(runner)
    page = physio_client.get(reverse("journal:dashboard")).content.decode()
    assert "Stage 4 of 10" in page
    assert "From your physio: Keep it slow" in page
    assert "Run:walk 24 min: run 3, walk 1, repeat" in page  # Monday is one of the plan's own days
    assert "Your physio asked you to stay on this stage for now." in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"stage": "2", "session_type": "run_walk", "minutes": "20", "days": ["1"]}, "both run and walk minutes"),
        ({"stage": "2", "session_type": "easy", "days": ["1"]}, "Say how many minutes the session lasts."),
        ({"stage": "2", "session_type": "easy", "minutes": "20"}, "Choose at least one day."),
        ({"stage": "2", "session_type": "easy", "minutes": "1e9", "days": ["1"]}, "Enter a whole number."),
        ({"stage": "2", "session_type": "easy", "minutes": "20", "days": ["7"]}, "Select a valid choice."),
        ({"stage": "2", "note": "x" * 301}, "at most 300 characters"),
        ({"stage": "2", "note": "bad\x00note"}, "Null characters are not allowed."),
    ],
)
def test_a_bad_edit_answers_400_with_the_message_and_changes_nothing(physio_client, runner, link, data, message):
    plan = plan_start(runner=runner, actor=runner)
    response = physio_client.post(url("plans:client_edit", link), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    plan.refresh_from_db()
    assert (plan.stage, plan.custom_type, plan.physio_note) == (1, "", "")


def test_a_physio_pause_shows_the_runner_the_note_and_only_the_physio_lifts_it(physio_client, runner, link, monday):
    plan = plan_start(runner=runner, actor=runner)
    physio_client.post(url("plans:client_pause", link), {"note": "Let's talk on Thursday first"})
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PAUSED
    physio = plan.events.last().actor
    physio_client.force_login(runner)
    page = physio_client.get(reverse("journal:dashboard")).content.decode()
    assert "Your physio has paused the plan." in page
    assert "Let&#x27;s talk on Thursday first" in page
    assert 'id="plan-cleared"' not in page
    physio_client.force_login(physio)
    physio_client.post(url("plans:client_resume", link))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ACTIVE


def test_the_physio_clears_a_pause_from_an_urgent_flag_and_sees_the_data_behind_each_decision(
    physio_client, runner, link, monday
):
    plan = plan_start(runner=runner, actor=runner)
    FlagFactory(runner=runner)
    page = physio_client.get(url("plans:client", link)).content.decode()
    assert 'data-decision="paused"' in page
    physio_client.post(url("plans:client_resume", link))
    plan.refresh_from_db()
    assert plan.cleared_at is not None
    page = physio_client.get(url("plans:client", link)).content.decode()
    assert 'data-decision="hold"' in page
    assert "Seen by a clinician and cleared to carry on." in page


def test_a_physio_ends_a_plan(physio_client, runner, link):
    plan = plan_start(runner=runner, actor=runner)
    physio_client.post(url("plans:client_end", link))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ENDED


def test_an_unlinked_physio_gets_404_and_sees_nothing(client, runner, unlinked_physio, link):
    plan_start(runner=runner, actor=runner)
    client.force_login(unlinked_physio)
    assert client.get(url("plans:client", link)).status_code == 404
    assert client.post(url("plans:client_end", link)).status_code == 404
    assert Plan.objects.get(runner=runner).status == PlanStatus.ACTIVE


def test_a_refused_action_re_renders_the_plan_page_with_its_message_and_audits_the_look(physio_client, link, monday):
    plan_start(runner=link.runner, actor=link.runner)
    before = AuditEvent.objects.filter(action="view").count()
    response = physio_client.post(url("plans:client_edit", link), {"stage": "11"})
    assert response.status_code == 400
    assert "Choose a stage from 1 to 10." in response.content.decode()
    assert AuditEvent.objects.filter(action="view").count() == before + 1


def test_the_judged_sessions_read_as_days_and_words(physio_client, runner, link, monday):
    import datetime as dt

    from plans.models import PlanSkip
    from tests.factories import TrainingSessionFactory

    plan = plan_start(runner=runner, actor=runner, since=dt.date(2026, 2, 23))
    TrainingSessionFactory(runner=runner, day=dt.date(2026, 2, 24), session_type="walk", pain_during=2, pain_after=4)
    TrainingSessionFactory(runner=runner, day=dt.date(2026, 2, 25), session_type="walk", duration_s=600)
    PlanSkip.objects.create(plan=plan, day=dt.date(2026, 2, 26), reason="pain")
    page = physio_client.get(url("plans:client", link)).content.decode()
    table = page.split('id="judged-sessions"', 1)[1].split("</table>", 1)[0]
    assert '<td data-label="Pain after">4</td><td data-label="Counts for the stage">yes</td>' in table
    assert "no: not the stage's type or too short" in table  # Wednesday's 10-minute walk
    assert "Tue 24 Feb" in table
    assert "Thu 26 Feb" in table
    assert "yes, because of the back" in table
    assert "2026-02" not in table
