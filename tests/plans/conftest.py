from __future__ import annotations

import importlib

import pytest
import time_machine


@pytest.fixture(autouse=True)
def _stages(request):
    """The initial stages for transactional tests (browser tests): an earlier test's flush removed them."""
    marker = request.node.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction"):
        request.getfixturevalue("transactional_db")
        from django.apps import apps

        importlib.import_module("plans.migrations.0002_initial_stages").load_stages(apps, None)
        importlib.import_module("plans.migrations.0004_initial_exercises").load_exercises(apps, None)
        importlib.import_module("plans.migrations.0009_stage_first_versions").published_from_saved(apps, None)
        importlib.import_module("plans.migrations.0007_exercise_drawings").set_drawings(apps, None)


@pytest.fixture
def made(monkeypatch, db):
    """Counts the PDFs actually made, each the HTML it was drawn from (WeasyPrint is slow; the cache is what
    the report cache and warm-up tests test). The Nth PDF made is b"%PDF N"."""
    from django.core.cache import cache

    from plans import report as plans_report

    cache.clear()
    html_seen: list[str] = []
    monkeypatch.setattr(
        plans_report, "html_to_pdf", lambda html: html_seen.append(html) or f"%PDF {len(html_seen)}".encode()
    )
    yield html_seen
    cache.clear()


@pytest.fixture
def monday():
    """Monday 2 March 2026, 08:00 in London (the personas' time zone)."""
    with time_machine.travel("2026-03-02 08:00 +00:00", tick=False) as traveller:
        yield traveller
