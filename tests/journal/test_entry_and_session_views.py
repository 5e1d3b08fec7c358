"""Logging a day and a session through the web forms, and refusing bad input with 4xx and nothing saved."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from journal.models import Entry, TrainingSession
from tests.factories import EntryFactory, TrainingSessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(monkeypatch):
    calls: list[int] = []
    monkeypatch.setattr("monitoring.queueing.queue_runner_check", calls.append)
    return calls


def entry_data(**overrides):
    data = {"day": "2026-03-11", "pain": "4", "pain_side": "left", "normal_stride": "true", "spasm": "", "notes": ""}
    data.update(overrides)
    return data


def session_data(**overrides):
    data = {"day": "2026-03-11", "session_type": "easy", "distance": "8.5", "duration": "45:30", "rpe": "4"}
    data.update(overrides)
    return data


def test_a_runner_logs_a_full_entry_and_a_monitoring_check_is_queued(signed_in, runner, queued):
    response = signed_in.post(
        reverse("journal:entry_new"), entry_data(symptoms=["leg_pain"], morning_stiffness_min="20")
    )
    assert response.status_code == 302
    entry = Entry.objects.get(runner=runner)
    assert (entry.day, entry.pain, entry.pain_side, entry.normal_stride, entry.spasm) == (
        dt.date(2026, 3, 11),
        4,
        "left",
        True,
        None,
    )
    assert entry.symptoms == ["leg_pain"]
    assert queued == [runner.pk]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"pain": "11"}, "pain", "0 to 10"),
        ({"pain": "-1"}, "pain", "0 to 10"),
        ({"pain": ""}, "pain", "required"),
        ({"day": "2026-03-12"}, "day", "not happened yet"),
        ({"day": "not-a-date"}, "day", "valid date"),
        ({"morning_stiffness_min": "2000"}, "morning_stiffness_min", "1440"),
        ({"symptoms": ["hiccups"]}, "symptoms", "valid choice"),
    ],
)
def test_bad_entries_are_refused_with_400_and_a_message_by_the_field(signed_in, queued, overrides, field, message):
    response = signed_in.post(reverse("journal:entry_new"), entry_data(**overrides))
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert not Entry.objects.exists()
    assert queued == []


def test_a_second_entry_for_the_same_day_is_refused(signed_in, runner, queued):
    EntryFactory(runner=runner, day=dt.date(2026, 3, 10), pain=2)
    response = signed_in.post(reverse("journal:entry_new"), entry_data(day="2026-03-10", pain="8"))
    assert response.status_code == 400
    assert "already have an entry" in response.context["form"].errors["day"][0]
    assert Entry.objects.get(runner=runner).pain == 2


def test_future_means_future_in_the_runners_own_time_zone(client, runner, time_machine):
    runner.time_zone = "Pacific/Auckland"
    runner.save()
    time_machine.move_to(dt.datetime(2026, 3, 11, 12, 0, tzinfo=dt.UTC), tick=False)  # 12 March 01:00 there
    client.force_login(runner)
    assert client.post(reverse("journal:entry_new"), entry_data(day="2026-03-12")).status_code == 302
    assert client.post(reverse("journal:entry_new"), entry_data(day="2026-03-13")).status_code == 400


def test_ticking_an_emergency_symptom_tells_the_runner_to_get_emergency_care(signed_in):
    response = signed_in.post(reverse("journal:entry_new"), entry_data(symptoms=["bladder_bowel"]), follow=True)
    assert response.status_code == 200
    assert "Get emergency care now" in response.content.decode()


def test_the_entry_form_holds_the_instant_emergency_message_and_its_script(signed_in):
    html = signed_in.get(reverse("journal:entry_new")).content.decode()
    assert 'id="emergency-alert"' in html
    assert "d-none" in html
    assert "js/journal-entry.js" in html
    assert re.search(
        r'value="bladder_bowel"[^>]*data-tier="emergency"|data-tier="emergency"[^>]*value="bladder_bowel"', html
    )
    assert re.search(r'value="fever"[^>]*data-tier="urgent"|data-tier="urgent"[^>]*value="fever"', html)
    assert re.search(
        r'value="night_pain"[^>]*data-tier="see_clinician"|data-tier="see_clinician"[^>]*value="night_pain"', html
    )
    assert "Numbness, tingling or changed feeling around the genitals, anus or inner buttocks" in html
    assert 'aria-live="assertive"' in html
    assert 'href="tel:999"' in html, "the hidden warning already holds the tap-to-call number"
    assert 'href="tel:111"' in html.split('data-warning-level="urgent"')[1], "NHS 111 only with the urgent warning"
    assert 'href="tel:111"' not in html.split('data-warning-level="urgent"')[0]


def test_editing_an_entry_keeps_one_entry_for_the_day(signed_in, runner, queued):
    EntryFactory(runner=runner, day=dt.date(2026, 3, 9), pain=2)
    url = reverse("journal:entry_edit", args=["2026-03-09"])
    assert signed_in.get(url).status_code == 200
    assert signed_in.post(url, entry_data(day="2026-03-09", pain="6")).status_code == 302
    assert Entry.objects.get(runner=runner).pain == 6
    assert queued == [runner.pk]


def test_someone_elses_entry_and_session_answer_404(signed_in, other_runner):
    EntryFactory(runner=other_runner, day=dt.date(2026, 3, 9))
    session = TrainingSessionFactory(runner=other_runner)
    assert signed_in.get(reverse("journal:entry_edit", args=["2026-03-09"])).status_code == 404
    assert signed_in.get(reverse("journal:entry_edit", args=["garbage"])).status_code == 404
    assert signed_in.get(reverse("journal:session_edit", args=[session.pk])).status_code == 404
    assert signed_in.post(reverse("journal:session_delete", args=[session.pk])).status_code == 404
    assert TrainingSession.objects.filter(pk=session.pk).exists()


def test_quick_pain_from_the_dashboard_logs_today_and_changes_only_the_pain(signed_in, runner, queued):
    url = reverse("journal:quick_pain")
    assert signed_in.post(url, {"pain": "3"}).status_code == 302
    Entry.objects.filter(runner=runner).update(notes="kept")
    assert signed_in.post(url, {"pain": "5", "pain_side": "right"}).status_code == 302
    entry = Entry.objects.get(runner=runner)
    assert (entry.day, entry.pain, entry.pain_side, entry.notes) == (dt.date(2026, 3, 11), 5, "right", "kept")
    assert queued == [runner.pk, runner.pk]


def test_quick_pain_out_of_range_re_renders_the_dashboard_with_400(signed_in):
    response = signed_in.post(reverse("journal:quick_pain"), {"pain": "12"})
    assert response.status_code == 400
    assert "Choose a number from 0 to 10." in response.content.decode()
    assert not Entry.objects.exists()


def test_a_session_is_stored_in_metres_and_seconds_from_the_runners_unit(signed_in, runner, queued):
    runner.units = "mi"
    runner.save()
    response = signed_in.post(reverse("journal:session_new"), session_data(distance="5", duration="1:00:00"))
    assert response.status_code == 302
    session = TrainingSession.objects.get(runner=runner)
    assert (session.distance_m, session.duration_s) == (8047, 3600)
    assert queued == [runner.pk]
    html = signed_in.get(reverse("journal:entries")).content.decode()
    assert "5.0 mi" in html
    assert "12:00 /mi" in html


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"distance": "-1"}, "distance", "cannot be negative"),
        ({"distance": "300.01"}, "distance", "longer than 300 km"),
        ({"duration": "0"}, "duration", "more than zero"),
        ({"duration": "2881"}, "duration", "more than 48 hours"),
        ({"duration": "49:00:00"}, "duration", "more than 48 hours"),
        ({"duration": "ten"}, "duration", "minutes (45)"),
        ({"duration": "12:75"}, "duration", "minutes (45)"),
        ({"rpe": "11"}, "rpe", "0 to 10"),
        ({"session_type": "marathon"}, "session_type", "valid choice"),
        ({"day": "2026-03-12"}, "day", "not happened yet"),
    ],
)
def test_bad_sessions_are_refused_with_400_and_nothing_saved(signed_in, queued, overrides, field, message):
    response = signed_in.post(reverse("journal:session_new"), session_data(**overrides))
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert not TrainingSession.objects.exists()
    assert queued == []


def test_a_session_can_be_edited_and_deleted(signed_in, runner, queued):
    session = TrainingSessionFactory(runner=runner, day=dt.date(2026, 3, 10))
    url = reverse("journal:session_edit", args=[session.pk])
    assert 'value="45:00"' in signed_in.get(url).content.decode()
    assert signed_in.post(url, session_data(day="2026-03-10", distance="10", duration="50")).status_code == 302
    session.refresh_from_db()
    assert (session.distance_m, session.duration_s) == (10_000, 3000)
    assert signed_in.post(reverse("journal:session_delete", args=[session.pk])).status_code == 302
    assert not TrainingSession.objects.exists()
    assert queued == [runner.pk, runner.pk]


def test_the_dashboard_links_to_triage_data_page_and_holds_both_panels(signed_in):
    response = signed_in.get(reverse("journal:dashboard"))
    names = [t.name for t in response.templates]
    assert "monitoring/_dashboard_panel.html" in names
    assert "clinic/_messages_panel.html" in names
    assert reverse("journal:your_data") in response.content.decode()


def test_open_flags_are_listed_on_the_dashboard(signed_in, runner):
    from monitoring.models import Flag, FlagKind, FlagStatus, Severity

    Flag.objects.create(runner=runner, kind=FlagKind.NIGHT_PAIN, severity=Severity.REVIEW)
    Flag.objects.create(runner=runner, kind=FlagKind.LOAD_SPIKE, severity=Severity.ADVISORY, status=FlagStatus.RESOLVED)
    html = signed_in.get(reverse("journal:dashboard")).content.decode()
    assert "Night pain" in html
    assert "A much longer run while in pain" not in html  # resolved flags are not listed


def test_your_data_page_links_exports_imports_and_account_deletion(signed_in):
    html = signed_in.get(reverse("journal:your_data")).content.decode()
    for name in ("export_entries", "export_sessions", "export_json", "import_csv", "import_watch"):
        assert reverse(f"journal:{name}") in html
    assert reverse("accounts:delete") in html


def test_date_fields_are_prefilled_in_the_format_date_inputs_accept(signed_in):
    html = signed_in.get(reverse("journal:dashboard")).content.decode()
    assert 'type="date" name="day" value="2026-03-11"' in html


@pytest.mark.parametrize(
    ("signs", "line"),
    [
        (["both_legs", "fever"], "A sign that needs emergency care was logged this day."),
        (["fever"], "A sign that a doctor should check the same day was logged this day."),
        (["night_pain"], None),
    ],
)
def test_the_journal_marks_days_with_signs_that_need_care_now(signed_in, runner, signs, line):
    EntryFactory(runner=runner, day=runner.local_today(), pain=3, symptoms=signs)
    html = signed_in.get(reverse("journal:entries")).content.decode()
    for text in ("A sign that needs emergency care", "A sign that a doctor should check the same day"):
        assert (text in html) == (line is not None and line.startswith(text))


def test_ticking_an_urgent_sign_says_see_a_doctor_today_with_the_urgent_numbers(signed_in):
    response = signed_in.post(reverse("journal:entry_new"), entry_data(symptoms=["weight_loss"]), follow=True)
    shown = [str(m) for m in response.context["messages"]]
    assert any(m.startswith("You logged a sign that a doctor should check today.") and "NHS 111" in m for m in shown)


@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31"])
def test_a_day_before_1900_is_refused_for_an_entry_and_a_run(signed_in, runner, day):
    entry = signed_in.post(reverse("journal:entry_new"), {"day": day, "pain": "3"})
    run = signed_in.post(reverse("journal:session_new"), session_data(day=day))
    for response in (entry, run):
        assert response.status_code == 400
        assert "Choose a day from 1900 on." in response.content.decode()
    assert not Entry.objects.filter(runner=runner).exists()
    assert not TrainingSession.objects.filter(runner=runner).exists()


def test_a_saved_day_of_another_year_says_its_year(signed_in, runner):
    today = runner.local_today()
    last_year = today.replace(year=today.year - 1, day=1)
    response = signed_in.post(reverse("journal:entry_new"), {"day": last_year.isoformat(), "pain": "3"}, follow=True)
    assert f"{last_year.day} {last_year:%B} {last_year.year} is saved." in response.content.decode()
    response = signed_in.post(reverse("journal:entry_new"), {"day": today.isoformat(), "pain": "3"}, follow=True)
    assert f"{today.day} {today:%B} is saved." in response.content.decode()


def test_the_daily_entry_asks_only_signs_that_can_be_new_today(signed_in):
    html = signed_in.get(reverse("journal:entry_new")).content.decode()
    for code in ("cancer_history", "fracture_risk", "infection_risk", "not_improving", "first_episode"):
        assert f'value="{code}"' not in html, code
    for code in ("fever", "both_legs", "thoracic_pain", "constant_pain"):
        assert f'value="{code}"' in html, code
    assert "Your health background</p>" not in html, "no empty group heading"
    assert f'href="{reverse("triage:background")}"' in html, "the entry says where the standing conditions went"


@pytest.mark.parametrize("code", ["cancer_history", "fracture_risk", "infection_risk"])
def test_a_standing_condition_posted_to_the_daily_entry_is_refused_and_nothing_saved(signed_in, queued, code):
    response = signed_in.post(reverse("journal:entry_new"), entry_data(symptoms=[code]))
    assert response.status_code == 400
    assert "valid choice" in response.content.decode()
    assert not Entry.objects.exists()
    assert queued == []


def test_the_dashboard_links_to_the_runners_health_background(signed_in):
    html = signed_in.get(reverse("journal:dashboard")).content.decode()
    assert f'href="{reverse("triage:background")}" id="background-link"' in html
