"""The runner's flags page and panel, dismissing a flag, answering a check-in; who may do what."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from monitoring.models import CheckIn, Flag
from tests.factories import TrainingSessionFactory
from tests.query_counts import QUERY_COUNTS

from .conftest import NOW, TODAY

pytestmark = pytest.mark.django_db


def make_flag(runner, kind="night_pain", severity="review"):
    return Flag.objects.create(
        runner=runner,
        kind=kind,
        severity=severity,
        evidence={"night_pain_days": ["2026-03-11"], "last_day": "2026-03-11"},
    )


def make_checkin(runner, due_at=NOW - dt.timedelta(hours=1)):
    session = TrainingSessionFactory(runner=runner, day=TODAY - dt.timedelta(days=1))
    return CheckIn.objects.create(runner=runner, session=session, run_day=session.day, due_at=due_at)


def test_the_panel_explains_open_flags_and_offers_dismissal_only_for_non_urgent_ones(client, runner, frozen):
    make_flag(runner)
    make_flag(runner, "emergency_symptoms", "urgent")
    client.force_login(runner)
    html = client.get(reverse("monitoring:list")).content.decode()
    assert html.index("Emergency symptoms logged") < html.index("Night pain")  # most serious first
    assert "Get emergency care today" in html
    assert "Night pain logged on 2026-03-11." in html
    assert html.count("Dismiss this flag") == 1
    assert "Urgent flags stay until a clinician has reviewed them." in html


def test_the_panel_shows_due_check_ins_with_settled_and_not_settled_buttons(client, runner, frozen):
    checkin = make_checkin(runner)
    make_checkin(runner, due_at=NOW + dt.timedelta(hours=2))  # not due yet
    client.force_login(runner)
    html = client.get(reverse("monitoring:list")).content.decode()
    assert html.count('data-testid="checkin"') == 1
    assert reverse("monitoring:checkin_answer", args=[checkin.pk]) in html
    assert "Not settled" in html


def test_the_panel_says_so_when_nothing_needs_attention(client, runner):
    client.force_login(runner)
    assert "Nothing in your recent entries needs attention." in client.get(reverse("monitoring:list")).content.decode()


@pytest.mark.parametrize("flags", [1, 30])
def test_the_flags_page_runs_a_constant_number_of_queries(client, runner, frozen, flags, django_assert_num_queries):
    for _ in range(flags):
        Flag.objects.create(runner=runner, kind="night_pain", severity="review", status="resolved", evidence={})
    make_flag(runner)
    make_checkin(runner)
    client.force_login(runner)
    # 1 session, 2 user, 3 open flags, 4 pending check-ins, 5 earlier flags
    with django_assert_num_queries(QUERY_COUNTS["flags page"]):
        client.get(reverse("monitoring:list"))


def test_a_runner_dismisses_a_review_flag_with_a_note(client, runner):
    flag = make_flag(runner)
    client.force_login(runner)
    response = client.post(
        reverse("monitoring:dismiss", args=[flag.pk]), {f"flag-{flag.pk}-note": "Saw my physio", "next": "/flags/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/flags/"
    flag.refresh_from_db()
    assert (flag.status, flag.resolved_by, flag.resolve_note) == ("resolved", runner, "Saw my physio")


def test_dismissing_without_a_note_shows_the_error_next_to_the_field(client, runner):
    flag = make_flag(runner)
    client.force_login(runner)
    response = client.post(reverse("monitoring:dismiss", args=[flag.pk]), {f"flag-{flag.pk}-note": ""})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    flag.refresh_from_db()
    assert flag.status == "open"


def test_an_unsafe_next_address_is_ignored(client, runner):
    flag = make_flag(runner)
    client.force_login(runner)
    response = client.post(
        reverse("monitoring:dismiss", args=[flag.pk]), {f"flag-{flag.pk}-note": "ok", "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("monitoring:list")


def test_answering_a_check_in_records_it(client, runner, frozen, django_capture_on_commit_callbacks):
    checkin = make_checkin(runner)
    client.force_login(runner)
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(reverse("monitoring:checkin_answer", args=[checkin.pk]), {"settled": "no"})
    assert response.status_code == 302
    assert len(callbacks) == 1  # the re-check, queued after commit
    checkin.refresh_from_db()
    assert checkin.settled is False
    assert checkin.answered_at == NOW


def test_a_bad_check_in_answer_is_refused_with_a_message(client, runner):
    checkin = make_checkin(runner)
    client.force_login(runner)
    response = client.post(reverse("monitoring:checkin_answer", args=[checkin.pk]), {"settled": "maybe"})
    assert response.status_code == 400
    assert "Choose settled or not settled." in response.content.decode()
    checkin.refresh_from_db()
    assert checkin.answered_at is None


# --- permissions as a table -------------------------------------------------------------------------
@pytest.fixture
def objects(runner):
    return {
        "review": make_flag(runner),
        "urgent": make_flag(runner, "leg_symptoms", "urgent"),
        "checkin": make_checkin(runner),
    }


CASES = [
    # (who, url name, object, method, expected status)
    ("anonymous", "monitoring:list", None, "get", 302),
    ("runner", "monitoring:list", None, "get", 200),
    ("physio", "monitoring:list", None, "get", 404),
    ("runner", "monitoring:dismiss", "review", "post", 302),
    ("runner", "monitoring:dismiss", "urgent", "post", 404),
    ("runner", "monitoring:dismiss", "review", "get", 405),
    ("other_runner", "monitoring:dismiss", "review", "post", 404),
    ("physio", "monitoring:dismiss", "review", "post", 404),
    ("anonymous", "monitoring:dismiss", "review", "post", 302),
    ("runner", "monitoring:checkin", "checkin", "get", 200),
    ("other_runner", "monitoring:checkin", "checkin", "get", 404),
    ("physio", "monitoring:checkin", "checkin", "get", 404),
    ("runner", "monitoring:checkin_answer", "checkin", "post", 302),
    ("other_runner", "monitoring:checkin_answer", "checkin", "post", 404),
    ("anonymous", "monitoring:checkin_answer", "checkin", "post", 302),
]


@pytest.mark.parametrize(("who", "name", "obj", "method", "expected"), CASES)
def test_access(client, request, objects, who, name, obj, method, expected):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    args = [objects[obj].pk] if obj else []
    data = {}
    if name == "monitoring:dismiss" and obj:
        data = {f"flag-{objects[obj].pk}-note": "fine"}
    if name == "monitoring:checkin_answer":
        data = {"settled": "yes"}
    response = getattr(client, method)(reverse(name, args=args), data)
    assert response.status_code == expected


def test_every_monitoring_url_is_in_the_access_table():
    from monitoring.urls import urlpatterns

    names = {f"monitoring:{p.name}" for p in urlpatterns}
    assert names == {name for _, name, _, _, _ in CASES}
