"""The journal's day cards, built in Python for speed (journal_tags.journal_days): what each card shows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import engines

from journal import selectors
from tests.factories import EntryFactory, TrainingSessionFactory

LIST = engines["django"].get_template("journal/_entry_list.html")
DAY = dt.date(2026, 3, 2)


@pytest.fixture
def page(runner):
    EntryFactory(
        runner=runner, day=DAY, pain=4, pain_side="left", symptoms=["saddle_numbness", "fever"],
        notes="<script>x</script>\nsecond line", normal_stride=False, spasm=True, morning_stiffness_min=15,
        sleep_disturbed=True,
    )  # fmt: skip
    EntryFactory(runner=runner, day=DAY - dt.timedelta(days=1), pain=2, pain_side="", symptoms=["weight_loss"])
    TrainingSessionFactory(
        runner=runner, day=DAY, session_type="easy", distance_m=5000, duration_s=1800, rpe=4, pain_during=3,
        pain_after=None,
    )  # fmt: skip
    TrainingSessionFactory(runner=runner, day=DAY - dt.timedelta(days=2), session_type="strength", distance_m=0)
    return selectors.entry_page(runner=runner, page=1)


def _cards(page, editable: bool) -> list[str]:
    html = LIST.render({"entries_page": page, "editable": editable})
    return html.split('<li class="card mb-2">')[1:]


@pytest.mark.django_db
def test_each_day_shows_its_entry_signs_notes_and_runs(page):
    monday, sunday, saturday = _cards(page, editable=False)
    assert "Monday 2 March 2026" in monday
    assert "Pain 4/10 · Left side" in monday
    assert "A sign that needs emergency care was logged this day." in monday
    assert "Normal stride: no" in monday
    assert "Spasm: yes" in monday
    assert "Morning stiffness: 15 min" in monday
    assert "Sleep disturbed" in monday
    assert "&lt;script&gt;x&lt;/script&gt;<br>second line" in monday
    assert "<script>" not in monday
    assert "<strong>Easy run</strong> 5.0 km in 30:00" in monday
    assert ", effort 4, pain during 3</span>" in monday
    assert "A sign that a doctor should check the same day was logged this day." in sunday
    assert "Pain 2/10</span>" in sunday
    assert "No pain entry" in saturday
    assert "bi-activity" in saturday


@pytest.mark.django_db
def test_edit_links_only_where_the_runner_edits(page):
    monday, sunday, saturday = _cards(page, editable=True)
    assert 'href="/journal/entries/2026-03-02/"' in monday
    assert '<span class="visually-hidden"> for 2 March</span>' in monday
    assert "Add pain entry" in saturday
    assert "?day=2026-02-28" in saturday
    assert 'visually-hidden"> Easy run of 2 March</span>' in monday
    assert all("Edit" not in card and "Add pain entry" not in card for card in _cards(page, editable=False))
