"""Run only by `tests/quality/test_suite_hygiene.py`, in a process of its own and in this order (the name keeps
it out of the suite's collection). A transactional test's flush empties every table; the next test must still
find the data migrations' content (tests/conftest.py, `_content_after_flush`), in whatever order a worker runs
its tests."""

from __future__ import annotations

import datetime as dt

import pytest

from plans.models import Exercise, StageTemplate
from triage.models import AdviceText

SEEN: dict[str, dict] = {}


def content() -> dict[str, list[str]]:
    """Each content model's rows and their history, less ids and times (a row loaded again gets new ones)."""
    return {
        model.__name__: sorted(
            repr({k: v for k, v in row.items() if not (k == "id" or k.endswith("_id") or isinstance(v, dt.datetime))})
            for row in model.objects.values()
        )
        for model in (AdviceText, AdviceText.history.model, StageTemplate, StageTemplate.history.model, Exercise)
    }


@pytest.mark.django_db(transaction=True)
def test_1_a_transactional_test_changes_the_content_and_is_flushed():
    SEEN["migrated"] = content()
    assert all(SEEN["migrated"].values()), "the migrations' content is missing"
    StageTemplate.objects.filter(number=1).update(name="Changed by a test")


@pytest.mark.django_db(transaction=True)
def test_2_the_next_test_starts_with_the_migrations_content():
    assert content() == SEEN["migrated"]
