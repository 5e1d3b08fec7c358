"""Every page that lists a runner's data runs the same number of queries with a little data and with a
lot: nothing is fetched once per row (the per-page tests pin the numbers; this sweeps every page)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from clinic import services as clinic_services
from journal.models import SavedCheck
from journal.selectors import FIRST_SCREEN_DAYS
from monitoring.models import CheckIn, FlagKind
from plans import services as plan_services
from tests.factories import (
    CareLinkFactory,
    EntryFactory,
    FlagFactory,
    PhysioFactory,
    RunnerFactory,
    TrainingSessionFactory,
)

pytestmark = pytest.mark.django_db

RUNNER_PAGES = [
    "journal:dashboard",
    "journal:entries",
    "monitoring:list",
    "clinic:care_team",
    "plans:review",
    "journal:history",  # the history fragments (journal/fragments.py), measured as built, not from the cache
    "journal:entries_older",
]
PHYSIO_PAGES = ["clinic:caseload", "clinic:client", "clinic:client_history", "clinic:client_report", "plans:client"]
FRAGMENTS = {"journal:history", "journal:entries_older", "clinic:client_history"}


def _add(runner, link, start: int, count: int) -> None:
    """``count`` more of everything a page lists: days, runs, flags, messages, notes, check-ins, checks."""
    today = runner.local_today()
    kinds = list(FlagKind.values)
    for n in range(start, start + count):
        day = today - dt.timedelta(days=n)
        EntryFactory(runner=runner, day=day, pain=n % 8)
        run = TrainingSessionFactory(runner=runner, day=day, distance_m=5000 + n)
        CheckIn.objects.create(runner=runner, session=run, run_day=day, due_at=timezone.now() - dt.timedelta(hours=n))
        FlagFactory(runner=runner, kind=kinds[n % len(kinds)], severity="review", status="resolved")
        SavedCheck.objects.create(runner=runner, day=day, verdict="easy_run")
        clinic_services.message_send(sender=link.physio, link=link, body=f"How is it, day {n}?")
        clinic_services.message_send(sender=runner, link=link, body=f"Fine, day {n}.")
        clinic_services.note_add(physio=link.physio, link=link, body=f"Note {n}")


def _counts(client, user, pages: list[str], link) -> dict[str, int]:
    client.force_login(user)
    counts = {}
    for name in pages:
        url = (
            reverse(name, args=[link.public_id])
            if name.startswith(("clinic:client", "plans:client"))
            else reverse(name)
        )
        client.get(url)  # warm: the clinician idle timer's session write, caches
        if name in FRAGMENTS:
            cache.clear()  # the fragment is built again, from the data
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        counts[name] = len(queries.captured_queries)
    return counts


def test_every_page_runs_as_many_queries_with_a_lot_of_data_as_with_a_little(client, runner):
    physio = PhysioFactory(email="pat@example.com")
    link = CareLinkFactory(runner=runner, physio=physio)
    plan_services.plan_start(runner=runner, actor=runner)
    FlagFactory(runner=runner, kind="night_pain", severity="review", status="open")
    # a little: one day more than the journal page's first screen, so its older-days fragment has a day to read
    little_days = FIRST_SCREEN_DAYS + 1
    _add(runner, link, 1, little_days)
    little = {**_counts(client, runner, RUNNER_PAGES, link), **_counts(client, physio, PHYSIO_PAGES, link)}
    _add(runner, link, little_days + 1, 40)
    other = CareLinkFactory(runner=RunnerFactory(), physio=physio)  # a second client on the caseload
    _add(other.runner, other, 1, 5)
    lot = {**_counts(client, runner, RUNNER_PAGES, link), **_counts(client, physio, PHYSIO_PAGES, link)}
    assert lot == little, (little, lot)
    assert all(count > 2 for count in lot.values()), sorted(lot.items())  # each read its data, not just the session
