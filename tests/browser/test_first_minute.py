"""Day one on a 390x844 phone (issue 22 §2): one tap gives one confirmation with its Undo and no save button
left to press; the first-week guide stays; the calendar starts at the account's week; week labels keep to
their column; the chart's distance scale fits one short run. (Offline taps: test_phone_offline.py.)"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import CareLinkFactory, EntryFactory, FlagFactory, TrainingSessionFactory
from tests.triage.formdata import with_signs
from tests.utils import login


@pytest.mark.django_db(transaction=True)
def test_day_one_a_tap_then_a_week_later_the_chart(phone, runner, monkeypatch):
    monkeypatch.setattr("monitoring.queueing.queue_runner_check", lambda runner_id: None)
    page = phone
    login(page, runner)
    page.goto("/journal/")
    expect(page.locator("#quick-pain-save")).to_have_text("Save today's pain")

    page.locator("label[for=id_pain_3]").click()
    expect(page.locator("#quick-pain-undo")).to_contain_text("Today's back pain is logged: 3 out of 10.")
    expect(page.get_by_text("back pain is logged")).to_have_count(1)  # one confirmation, not three
    expect(page.locator(".messages .alert")).to_have_count(0)
    expect(page.locator("#quick-pain-save")).to_be_hidden()  # nothing left to save
    # The guide stays after the first tap; the calendar has the account's week only.
    expect(page.locator("#first-week-progress")).to_contain_text("Logged so far: 1 day.")
    expect(page.locator("#trends-chart")).to_have_count(0)
    page.locator("#history").scroll_into_view_if_needed()  # the history is fetched when scrolled to
    expect(page.locator("#pain-calendar tbody tr")).to_have_count(1)
    expect(page.locator("#weekly-table tbody tr")).to_have_count(1)
    # A keyboard user moving to another number is offered the button again, in other words.
    page.locator("#id_pain_3").press("ArrowRight")
    expect(page.locator("#quick-pain-save")).to_be_visible()
    expect(page.locator("#quick-pain-save")).to_have_text("Change today's pain")

    # A week later (the account opened nine days ago, a day logged each day, one 0.8 km run).
    today = runner.local_today()
    runner.date_joined = timezone.now() - dt.timedelta(days=9)
    runner.save(update_fields=["date_joined"])
    for n in range(1, 9):
        EntryFactory(runner=runner, day=today - dt.timedelta(days=n), pain=n % 4)
    TrainingSessionFactory(runner=runner, day=today - dt.timedelta(days=2), distance_m=800)
    page.goto("/journal/")
    expect(page.locator("#first-week")).to_have_count(0)
    expect(page.locator("#trends-chart")).to_be_visible()
    page.locator("#trends-chart").scroll_into_view_if_needed()  # drawn when it comes near the screen
    page.wait_for_function("() => window.Chart && Chart.getChart('trends-chart') !== undefined")
    ticks = page.evaluate("() => Chart.getChart('trends-chart').scales.distance.ticks.map((t) => t.value)")
    assert all(float(t).is_integer() for t in ticks), ticks  # no 0.1 steps for one short run
    assert max(ticks) >= 5, ticks
    page.locator("#history").scroll_into_view_if_needed()
    expect(page.locator("#pain-calendar tbody tr")).to_have_count(2 if today.weekday() >= 2 else 3)
    # Each week label keeps to its column: nothing clipped, and a gap before the first day's cell.
    for row in page.locator("#pain-calendar tbody tr").all():
        label, first_cell = row.locator("th"), row.locator("td").first
        assert label.evaluate("(th) => th.scrollWidth <= th.clientWidth"), label.text_content()
        text_right = label.evaluate(
            "(th) => { const r = document.createRange(); r.selectNodeContents(th); return r.getBoundingClientRect().right; }"
        )
        assert text_right + 4 <= first_cell.bounding_box()["x"], label.text_content()
    expect(page.get_by_text("Acute:chronic")).to_have_count(0)

    # A check saved today, opened again, says it is saved instead of offering to save it once more.
    result = "/triage/result/?" + urlencode(
        with_signs({"pain_now": 2, "normal_stride": "yes", "spasm": "no", "pain_side": "left", "pars_defect": "no"})
    )
    page.goto(result)
    page.get_by_role("button", name="Save to my journal").click()
    expect(page.get_by_text("This check is saved")).to_be_visible()  # the dashboard's message
    page.goto(result)
    expect(page.locator("#check-saved")).to_contain_text("This check is saved in your journal today.")
    expect(page.get_by_role("button", name="Save to my journal")).to_have_count(0)


@pytest.mark.django_db(transaction=True)
def test_the_physio_on_a_phone_sees_every_badge_and_flags_keep_their_place(phone, runner, physio):
    link = CareLinkFactory(runner=runner, physio=physio)
    for kind, severity in (
        ("emergency_symptoms", "urgent"),
        ("serious_cause_signs", "urgent"),
        ("not_settling_24h", "review"),
    ):
        FlagFactory(runner=runner, kind=kind, severity=severity)
    page = phone
    login(page, physio)
    page.goto("/clinic/")
    badges = page.locator("table.caseload .badge")
    expect(badges).to_have_count(3)
    for badge in badges.all():
        box = badge.bounding_box()
        assert box["x"] >= 0, (badge.text_content(), box)
        assert box["x"] + box["width"] <= 390, (badge.text_content(), box)
        assert badge.evaluate("(b) => b.scrollWidth <= b.clientWidth + 1"), badge.text_content()
    cell = page.locator("table.caseload td[data-label='Open flags']")
    assert cell.evaluate("(td) => td.scrollWidth <= td.clientWidth + 1")

    page.goto(f"/clinic/clients/{link.public_id}/")
    cards = page.locator("#flags > .card")
    before = [card.get_attribute("id") for card in cards.all()]
    first = cards.first
    first.get_by_label("Note").fill("Rang the client: seen in A&E today.")
    first.get_by_role("button", name="Acknowledge").click()
    expect(page.locator(f"#{before[0]}")).to_contain_text("Acknowledged by")
    assert [card.get_attribute("id") for card in page.locator("#flags > .card").all()] == before
