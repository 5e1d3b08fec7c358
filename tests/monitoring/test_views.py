"""The runner's flags page and panel, dismissing a flag, answering a check-in; who may do what."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from monitoring.models import CheckIn, Flag, FlagKind
from tests.factories import CareLinkFactory, EntryFactory, TrainingSessionFactory
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
    assert html.index("Emergency warning signs logged") < html.index("Night pain")  # most serious first
    assert "Get emergency care now" in html
    assert 'href="tel:999"' in html  # the site default country (GB), from triage.contacts
    assert "111" not in html  # NHS 111 is not an emergency line
    assert "Night pain logged on Wednesday 11 March." in html
    assert html.count("Dismiss this flag") == 1
    # no physio is linked, so the runner may close the urgent flag by recording an assessment
    assert html.count("I have been assessed by a clinician") == 1
    assert [b.strip() for b in re.findall(r'data-testid="severity">([^<]+)<', html)] == ["Urgent", "Review"]


def test_an_urgent_flag_offers_same_day_care_numbers_for_the_runners_country(client, runner, frozen):
    runner.country = "AU"
    runner.save(update_fields=["country"])
    make_flag(runner, "serious_cause_signs", "urgent")
    client.force_login(runner)
    html = client.get(reverse("monitoring:list")).content.decode()
    assert "See a doctor today" in html
    assert 'href="tel:1800022222"' in html
    assert 'href="tel:000"' in html  # if it gets worse


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
    # 1 session, 2 user, 3 open flags, 4 pending check-ins, 5 recent entries (enough data?), 6 earlier flags
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
    assert "Say why you are dismissing it first." in response.content.decode()
    flag.refresh_from_db()
    assert flag.status == "open"


# --- "I have been assessed by a clinician" -----------------------------------------------------------
def assess(client, flag, day="2026-03-10", note="GP examined me, nothing serious"):
    return client.post(
        reverse("monitoring:assessed", args=[flag.pk]),
        {f"assessed-{flag.pk}-assessed_on": day, f"assessed-{flag.pk}-note": note, "next": "/flags/"},
    )


def test_a_runner_with_no_physio_closes_an_urgent_flag_by_recording_an_assessment(client, runner, frozen):
    flag = make_flag(runner, "serious_cause_signs", "urgent")
    client.force_login(runner)
    response = assess(client, flag)
    assert response.status_code == 302
    flag.refresh_from_db()
    assert (flag.status, flag.close_reason, flag.assessed_on) == ("resolved", "runner_assessed", dt.date(2026, 3, 10))
    assert flag.resolve_note == "GP examined me, nothing serious"
    assert flag.history == [
        {
            "at": NOW.isoformat(), "action": "assessed", "by": "Robin Runner",
            "note": "GP examined me, nothing serious", "on": "2026-03-10",
        }
    ]  # fmt: skip
    html = client.get(reverse("monitoring:list")).content.decode()
    assert "assessed by a clinician on 10 March 2026" in html


def test_the_note_is_optional_but_the_day_must_be_a_real_past_day(client, runner, frozen):
    flag = make_flag(runner, "emergency_symptoms", "urgent")
    client.force_login(runner)
    for day, message in [
        ("2026-03-12", "That day is in the future"),
        ("", "Give the day you were assessed."),
        ("2026-03-10\x00", "Give a date"),
        ("2024-01-01", "Give a day within the last year."),
    ]:
        response = assess(client, flag, day=day)
        assert response.status_code == 400, day
        assert message in response.content.decode()
        flag.refresh_from_db()
        assert (flag.status, flag.history) == ("open", [])
    assert assess(client, flag, note="").status_code == 302


def test_the_assessment_cannot_be_from_before_the_signs_behind_the_flag(client, runner, frozen):
    flag = make_flag(runner, "emergency_symptoms", "urgent")  # opened today, 11 March: signs from 4 March
    client.force_login(runner)
    response = assess(client, flag, day="2026-03-03")
    assert response.status_code == 400
    assert "That is before the signs behind this flag (from 4 March 2026)" in response.content.decode()
    flag.refresh_from_db()
    assert flag.status == "open"
    assert assess(client, flag, day="2026-03-04").status_code == 302


def test_with_a_linked_physio_the_runner_cannot_record_an_assessment(client, runner, physio, frozen):
    CareLinkFactory(runner=runner, physio=physio)
    flag = make_flag(runner, "emergency_symptoms", "urgent")
    client.force_login(runner)
    html = client.get(reverse("monitoring:list")).content.decode()
    assert "I have been assessed by a clinician" not in html
    assert "Urgent flags stay open until your physio has acknowledged them." in html
    assert assess(client, flag).status_code == 404
    flag.refresh_from_db()
    assert flag.status == "open"


def test_a_physio_linked_later_reads_the_recorded_assessment(client, runner, physio, frozen):
    flag = make_flag(runner, "serious_cause_signs", "urgent")
    client.force_login(runner)
    assess(client, flag)
    link = CareLinkFactory(runner=runner, physio=physio)
    client.force_login(physio)
    html = client.get(reverse("clinic:client", args=[link.public_id])).content.decode()
    assert "assessed by a clinician on 10 March 2026, as recorded by the runner" in html
    assert "GP examined me, nothing serious" in html


def test_the_panel_says_when_there_is_too_little_data_to_judge_a_trend(client, runner, frozen):
    client.force_login(runner)
    assert 'data-testid="too-little-data"' in client.get(reverse("monitoring:list")).content.decode()
    # three days in the last 7 (today included) and three in the 42 before them
    for back in (0, 3, 6, 7, 20, 48):
        EntryFactory(runner=runner, day=TODAY - dt.timedelta(days=back), pain=2)
        html = client.get(reverse("monitoring:list")).content.decode()
        assert ('data-testid="too-little-data"' in html) == (back != 48)


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
    ("runner", "monitoring:assessed", "urgent", "post", 302),
    ("runner", "monitoring:assessed", "review", "post", 404),  # review flags are dismissed, not assessed
    ("runner", "monitoring:assessed", "urgent", "get", 405),
    ("other_runner", "monitoring:assessed", "urgent", "post", 404),
    ("physio", "monitoring:assessed", "urgent", "post", 404),
    ("anonymous", "monitoring:assessed", "urgent", "post", 302),
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
    if name == "monitoring:assessed" and obj:
        data = {f"assessed-{objects[obj].pk}-assessed_on": objects[obj].opened_at.date().isoformat()}
    response = getattr(client, method)(reverse(name, args=args), data)
    assert response.status_code == expected


def test_every_monitoring_url_is_in_the_access_table():
    from monitoring.urls import urlpatterns

    names = {f"monitoring:{p.name}" for p in urlpatterns}
    assert names == {name for _, name, _, _, _ in CASES}


def test_the_assessment_form_survives_generated_junk(client, runner, frozen):
    from hypothesis import HealthCheck, given, settings

    from tests.quality.fuzzing import fuzz_payload

    flag = make_flag(runner, "serious_cause_signs", "urgent")
    client.force_login(runner)
    fields = [f"assessed-{flag.pk}-assessed_on", f"assessed-{flag.pk}-note"]

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(data=fuzz_payload(fields))
    def run(data):
        response = client.post(reverse("monitoring:assessed", args=[flag.pk]), data)
        assert response.status_code < 500
        current = Flag.objects.get(pk=flag.pk)
        if response.status_code >= 400:
            assert (current.status, current.history) == ("open", [])  # nothing half-saved
        else:  # a valid past date got through: closed, once, with the date kept
            assert current.status == "resolved"
            assert current.assessed_on is not None
            Flag.objects.filter(pk=flag.pk).update(status="open", history=[], assessed_on=None, close_reason="")

    run()


@pytest.mark.parametrize("weeks", [8, 12, 52])  # 8 weeks does not reach back far enough: the panel reads its own
def test_the_dashboard_panel_judges_too_little_data_the_same_way_whatever_weeks_the_dashboard_shows(
    client, runner, frozen, weeks
):
    client.force_login(runner)
    url = reverse("journal:dashboard") + f"?weeks={weeks}"
    assert 'data-testid="too-little-data"' in client.get(url).content.decode()
    # Enough days in the last 7 and in the 42 before them, those six to seven weeks back (inside the panel's
    # window only).
    for back in (0, 2, 4, 44, 46, 48):
        EntryFactory(runner=runner, day=TODAY - dt.timedelta(days=back), pain=2)
    assert 'data-testid="too-little-data"' not in client.get(url).content.decode()
    assert 'data-testid="too-little-data"' not in client.get(reverse("monitoring:list")).content.decode()


def test_a_flag_without_its_figures_still_shows_its_explanation(client, runner):
    # Flags raised before a rule recorded its figures (or with some missing) show no numbers, not an error.
    from monitoring.wording import evidence_lines

    for kind in FlagKind.values:
        assert evidence_lines(kind, {}) == [], kind
    make_flag(runner, "not_freeing_up", "review")
    make_flag(runner, "persistent_high_pain", "review")
    client.force_login(runner)
    response = client.get(reverse("monitoring:list"))
    assert response.status_code == 200
    assert FlagKind.NOT_FREEING_UP.label in response.content.decode()
    assert "0 days" not in response.content.decode()


def test_the_flags_page_leads_with_the_flags_and_names_its_sections_once(client, runner):
    make_flag(runner, "leg_symptoms", "urgent")  # and no weeks of entries: too little data to judge a trend
    client.force_login(runner)
    html = client.get(reverse("monitoring:list")).content.decode()
    assert html.index('data-testid="flag"') < html.index('data-testid="too-little-data"')
    assert re.findall(r"<h[12][^>]*>(?:<i[^>]*></i>)?\s*([^<]+)</h[12]>", html).count("Safety checks") == 1
    assert "Open now" in html
