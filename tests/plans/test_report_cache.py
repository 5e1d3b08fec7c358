"""The visit report's PDF is made once per journal version and content (plans.report.report_pdf_cached):
the second download is served from the cache, and a new entry, a new flag or another period makes a new one."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from journal import services as journal_services
from plans import report as plans_report
from tests.factories import EntryFactory, FlagFactory

pytestmark = pytest.mark.django_db


def test_the_second_download_is_served_from_the_cache_even_minutes_later(client, runner, made):
    EntryFactory(runner=runner, pain=3)
    client.force_login(runner)
    with time_machine.travel("2026-03-02 08:00 +00:00", tick=False) as traveller:
        first = client.get(reverse("plans:report"))
        traveller.shift(dt.timedelta(minutes=7))
        second = client.get(reverse("plans:report"))
    assert len(made) == 1
    assert first.content == second.content
    assert second["Cache-Control"] == "no-store, private"


def test_a_new_entry_or_a_new_flag_makes_a_new_pdf(client, runner, made):
    client.force_login(runner)
    with time_machine.travel("2026-03-02 08:00 +00:00", tick=False):
        client.get(reverse("plans:report"))
        journal_services.entry_log_pain_undoable(runner=runner, day=runner.local_today(), pain=6)
        client.get(reverse("plans:report"))
        assert len(made) == 2
        FlagFactory(runner=runner)  # not a journal write: the report prints it, so its content differs
        client.get(reverse("plans:report"))
        assert len(made) == 3
        client.get(reverse("plans:report"), {"start": "2026-02-20", "end": "2026-03-02"})  # another period
        assert len(made) == 4


def test_a_physios_report_and_the_runners_own_are_different_pdfs(physio_client, link, made):
    EntryFactory(runner=link.runner, pain=3)
    with time_machine.travel("2026-03-02 08:00 +00:00", tick=False):
        physio_client.get(reverse("clinic:client_report_pdf", args=[link.public_id]))
        physio_client.force_login(link.runner)
        physio_client.get(reverse("plans:report"))
    assert len(made) == 2


def test_a_cache_that_fails_still_gives_the_pdf(client, runner, made, monkeypatch):
    real_get = plans_report.cache.get

    def failing_get(key, *args, **kwargs):
        if key.startswith("report-pdf:"):
            raise ConnectionError("the cache is down")
        return real_get(key, *args, **kwargs)

    monkeypatch.setattr(plans_report.cache, "get", failing_get)
    client.force_login(runner)
    assert client.get(reverse("plans:report")).status_code == 200
    assert len(made) == 1
