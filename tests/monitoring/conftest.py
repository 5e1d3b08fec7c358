from __future__ import annotations

import datetime as dt

import pytest

from journal.models import Entry

NOW = dt.datetime(2026, 3, 11, 12, 0, tzinfo=dt.UTC)  # Wednesday noon UTC (and in London)
TODAY = NOW.date()


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(NOW, tick=False)
    return NOW


def log_symptom(runner, *codes, day=TODAY, pain=5):
    return Entry.objects.create(runner=runner, day=day, pain=pain, symptoms=list(codes))


def log_rising_weeks(runner, means=(2, 4, 5), today=TODAY):
    """Seven entries a day for each complete week before ``today``'s week, at the given pains."""
    monday = today - dt.timedelta(days=today.weekday())
    rows = []
    for i, pain in enumerate(means):
        start = monday - dt.timedelta(weeks=len(means) - i)
        rows += [Entry(runner=runner, day=start + dt.timedelta(days=d), pain=pain) for d in range(7)]
    Entry.objects.bulk_create(rows)


@pytest.fixture
def announced():
    """What monitoring announces to the layers above during the test: ("opened" | "worse", flag id) in order."""
    from monitoring.signals import flag_opened, flag_worse

    seen: list[tuple[str, int]] = []

    def on_opened(sender, *, flag, **kwargs):
        seen.append(("opened", flag.pk))

    def on_worse(sender, *, flag, **kwargs):
        seen.append(("worse", flag.pk))

    flag_opened.connect(on_opened, weak=False)
    flag_worse.connect(on_worse, weak=False)
    yield seen
    flag_opened.disconnect(on_opened)
    flag_worse.disconnect(on_worse)
