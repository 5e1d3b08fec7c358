from __future__ import annotations

import importlib

import pytest
from django.apps import apps


@pytest.fixture
def advice_texts(transactional_db):
    """The initial advice texts, for transactional tests: a flush by an earlier one removes them."""
    migration = importlib.import_module("triage.migrations.0002_initial_advice_texts")
    migration.load_texts(apps, None)
