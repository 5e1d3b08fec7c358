"""The published advice texts kept in each process's memory, and how a publish reaches every process."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from triage import advice
from triage.models import AdviceText

pytestmark = pytest.mark.django_db


def _body(code: str = "verdict_easy_run") -> str:
    return advice.advice_block(code).html


def _save(body: str, code: str = "verdict_easy_run") -> None:
    text = AdviceText.objects.get(code=code)
    text.body = body
    text.save()


def test_a_warm_copy_answers_without_a_query(django_assert_num_queries):
    first = _body()
    with django_assert_num_queries(0):
        assert _body() == first
        assert advice.advice_block("verdict_run").code == "verdict_run"


def test_a_save_in_this_process_shows_at_once():
    _body()
    _save("Run along the **river**.")
    assert _body() == "<p>Run along the <strong>river</strong>.</p>"


def test_a_commit_moves_the_shared_generation_and_a_rollback_does_not(django_capture_on_commit_callbacks):
    _body()
    before = cache.get(advice.GENERATION_KEY)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _save("Not committed yet.")
    assert cache.get(advice.GENERATION_KEY) == before, (
        "moved before the commit: another process could cache the old text"
    )
    for callback in callbacks:
        callback()  # the commit
    assert cache.get(advice.GENERATION_KEY) not in (None, before)


def test_another_process_sees_a_publish_within_the_recheck_interval(monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(advice.time, "monotonic", lambda: clock[0])
    assert "river" not in _body()
    # Another process publishes: the row changes and the shared generation moves; no signal reaches us.
    AdviceText.objects.filter(code="verdict_easy_run").update(body="Run along the river.")
    cache.set(advice.GENERATION_KEY, "another-process", timeout=None)
    clock[0] += advice.RECHECK_SECONDS / 2
    assert "river" not in _body(), "rechecked before the interval was up"
    clock[0] += advice.RECHECK_SECONDS
    assert _body() == "<p>Run along the river.</p>"


def test_an_unchanged_generation_keeps_the_copy_without_reloading(monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(advice.time, "monotonic", lambda: clock[0])
    _body()
    clock[0] += advice.RECHECK_SECONDS * 2
    AdviceText.objects.filter(code="verdict_easy_run").update(body="Changed without a publish.")
    assert "Changed without" not in _body(), "reloaded although no publish moved the generation"


def test_an_empty_or_deleted_text_falls_back_to_the_built_in_one(caplog):
    _save("")
    assert "Stop and walk home if the pain rises above 5 out of 10" in _body()
    AdviceText.objects.filter(code="verdict_run").delete()
    assert advice.advice_block("verdict_run").version_id is None
    assert "verdict_run" in caplog.text
    assert "verdict_easy_run" in caplog.text


class _Down:
    """A cache that cannot be reached, as Django's Redis backend behaves with Redis down."""

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

        return fail


def test_the_pages_carry_on_when_the_shared_cache_is_down(monkeypatch, caplog):
    clock = [1000.0]
    monkeypatch.setattr(advice.time, "monotonic", lambda: clock[0])
    _save("Run along the river.")
    assert "river" in _body()
    monkeypatch.setattr(advice, "cache", _Down())
    clock[0] += advice.RECHECK_SECONDS * 2
    assert "river" in _body(), "the copy was dropped when the cache failed"
    advice.forget_cached()
    assert "river" in _body(), "with no copy and no cache, the texts still come from the database"
    assert "Cannot read the advice texts' generation" in caplog.text


def test_without_the_database_the_built_in_texts_are_shown(monkeypatch, caplog):
    from django.db import DatabaseError

    def broken(generation):
        raise DatabaseError("database is locked")

    monkeypatch.setattr(advice, "_load", broken)
    assert advice.advice_block("verdict_emergency").version_id is None
    assert "Get emergency care now" in advice.advice_block("verdict_emergency").title
    assert "Cannot load the advice texts" in caplog.text


def test_a_save_during_a_load_does_not_leave_the_old_text_in_memory(monkeypatch):
    real_load = advice._load

    def load_then_a_save_lands(generation):
        snapshot = real_load(generation)  # read before the save
        _save("Saved while loading.")
        return snapshot

    monkeypatch.setattr(advice, "_load", load_then_a_save_lands)
    advice.published_blocks()
    monkeypatch.setattr(advice, "_load", real_load)
    assert _body() == "<p>Saved while loading.</p>"


def test_a_copy_is_reloaded_after_the_reload_interval_whatever_the_generation(monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(advice.time, "monotonic", lambda: clock[0])
    _body()
    AdviceText.objects.filter(code="verdict_easy_run").update(body="Changed by a data migration.")
    clock[0] += advice.RELOAD_SECONDS + 1
    assert _body() == "<p>Changed by a data migration.</p>"


def test_an_outage_is_logged_when_it_starts_now_and_then_while_it_lasts_and_when_it_ends(monkeypatch, caplog):
    import logging

    clock = [1000.0]
    monkeypatch.setattr(advice.time, "monotonic", lambda: clock[0])
    _body()
    real_cache = advice.cache
    monkeypatch.setattr(advice, "cache", _Down())
    with caplog.at_level(logging.WARNING, logger="triage.advice"):
        for _ in range(60):  # two minutes of rechecks every 2 s: one traceback, not sixty
            clock[0] += advice.RECHECK_SECONDS
            _body()
        failures = [r for r in caplog.records if "generation from the cache" in r.getMessage()]
        assert len(failures) == 1
        assert failures[0].exc_info is not None
        clock[0] += advice.LOG_EVERY_SECONDS  # still down five minutes later: said again
        _body()
        assert len([r for r in caplog.records if "generation from the cache" in r.getMessage()]) == 2
        monkeypatch.setattr(advice, "cache", real_cache)
        clock[0] += advice.RECHECK_SECONDS
        _body()
        clock[0] += advice.RECHECK_SECONDS
        _body()
    assert [r.getMessage() for r in caplog.records].count(
        "The advice texts' generation can be read from the cache again"
    ) == 1


def test_a_missing_text_is_logged_once_not_on_every_page(caplog):
    AdviceText.objects.filter(code="verdict_run").delete()
    for _ in range(20):
        assert advice.advice_block("verdict_run").version_id is None
    assert len([r for r in caplog.records if "'verdict_run' is missing" in r.getMessage()]) == 1


def test_with_the_database_up_but_no_texts_at_all_each_missing_text_is_logged(caplog):
    AdviceText.objects.all().delete()
    assert advice.advice_block("verdict_run").version_id is None
    assert "'verdict_run' is missing" in caplog.text


def test_the_process_that_publishes_a_missing_text_again_logs_that_it_is_back(caplog):
    text = AdviceText.objects.get(code="verdict_run")
    body = text.body
    text.body = ""
    text.save()
    advice.advice_block("verdict_run")
    text.body = body
    text.save()  # in this process: the copy is dropped at once
    assert advice.advice_block("verdict_run").version_id is not None
    assert "Advice text 'verdict_run' is published again" in caplog.text
