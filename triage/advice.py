"""The advice blocks for an assessment: admin-edited Markdown, rendered and sanitised.

The published texts are the same for everyone, so each process keeps them, rendered, in memory
(one query loads every text with the id of its latest history row, the version shown). Saving or
deleting a text clears this process's copy at once and, when the transaction commits, bumps a
generation number in the shared cache (Redis in production); other processes compare their copy's
generation with it at most every ``RECHECK_SECONDS`` and reload when it moved, and reload at least
every ``RELOAD_SECONDS`` anyway (a change that bypassed the signal, a publish while the cache was down).
If the cache cannot be read the copy carries on; without the database the built-in texts are shown.
A missing or empty record falls back to a built-in text and logs a warning. A failure that lasts (Redis or
the database down, a text missing) is logged when it starts and then at most every ``LOG_EVERY_SECONDS``,
and its end is logged once, so an outage does not write a traceback every two seconds per process.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from dataclasses import dataclass
from functools import lru_cache

import markdown
import nh3
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.db.models import OuterRef, Subquery

from triage.engine import Assessment
from triage.fallback import FALLBACK_TEXTS, GENERIC_FALLBACK
from triage.models import AdviceText

logger = logging.getLogger(__name__)

LOG_EVERY_SECONDS = 300.0
_logged_at: dict[str, float] = {}  # a failure that is going on -> when it was last logged


def _failing(what: str, message: str, *args, trace: bool = True) -> None:
    """Logs a failure when it starts, then at most every LOG_EVERY_SECONDS while it lasts."""
    now = time.monotonic()
    last = _logged_at.get(what)
    if last is not None and now - last < LOG_EVERY_SECONDS:
        return
    _logged_at[what] = now
    suffix = f" (still so; logged at most every {LOG_EVERY_SECONDS:.0f} s)" if last is not None else ""
    (logger.exception if trace else logger.warning)(message + suffix, *args)


def _working(what: str, message: str) -> None:
    """Logs once that a failure logged by ``_failing`` is over."""
    if _logged_at.pop(what, None) is not None:
        logger.warning(message)


ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "h3", "h4", "blockquote", "code", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}


@dataclass(frozen=True)
class AdviceBlock:
    code: str
    title: str
    html: str
    version_id: int | None


@lru_cache(maxsize=512)
def render_markdown(text: str) -> str:
    """Markdown to HTML that is safe to show: no script, no styles, no javascript: links."""
    html = markdown.markdown(text, output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


def _fallback(code: str) -> AdviceBlock:
    title, body = FALLBACK_TEXTS.get(code, GENERIC_FALLBACK)
    return AdviceBlock(code=code, title=title, html=render_markdown(body), version_id=None)


RECHECK_SECONDS = 2.0  # how stale another process's copy can be after a publish
RELOAD_SECONDS = 300.0  # a copy is reloaded at least this often, whatever the generation says
GENERATION_KEY = "triage:advice-generation"


@dataclass(frozen=True)
class _Snapshot:
    generation: str | None  # None: the shared cache could not be read when it was loaded
    loaded_at: float
    checked_at: float
    blocks: dict[str, AdviceBlock]  # code → published text, rendered; empty texts left out


_snapshot: _Snapshot | None = None
_changes = 0  # saves seen by this process: a load that overlapped one is not kept
_lock = threading.Lock()


def _current_generation() -> str | None:
    """The shared generation number, or None when the cache cannot be reached (the copy then carries on)."""
    try:
        generation = cache.get(GENERATION_KEY)
        if generation is None:
            cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
            generation = cache.get(GENERATION_KEY)
    except Exception:
        _failing("cache", "Cannot read the advice texts' generation from the cache; keeping this process's copy")
        return None
    _working("cache", "The advice texts' generation can be read from the cache again")
    return str(generation)


def _load(generation: str | None) -> _Snapshot:
    history = AdviceText.history.model
    latest_version = history.objects.filter(id=OuterRef("pk")).order_by("-history_id").values("history_id")[:1]
    rows = AdviceText.objects.annotate(version_id=Subquery(latest_version)).values(
        "code", "title", "body", "version_id"
    )
    blocks = {
        row["code"]: AdviceBlock(
            code=row["code"], title=row["title"], html=render_markdown(row["body"]), version_id=row["version_id"]
        )
        for row in rows
        if row["body"].strip()
    }
    now = time.monotonic()
    return _Snapshot(generation=generation, loaded_at=now, checked_at=now, blocks=blocks)


def published_blocks() -> dict[str, AdviceBlock]:
    """Every published text by code, from this process's copy (no query while it is current).

    Without the database, nothing is kept and every text falls back to its built-in wording."""
    global _snapshot
    snapshot = _snapshot
    if snapshot is not None and time.monotonic() - snapshot.checked_at < RECHECK_SECONDS:
        return snapshot.blocks
    with _lock:
        generation = _current_generation()
        snapshot, now = _snapshot, time.monotonic()
        if (
            snapshot is not None
            and now - snapshot.loaded_at < RELOAD_SECONDS
            and generation in (None, snapshot.generation)
        ):
            _snapshot = _Snapshot(snapshot.generation, snapshot.loaded_at, now, snapshot.blocks)
            return snapshot.blocks
        changes_before = _changes
        try:
            loaded = _load(generation)
        except DatabaseError:
            _failing("database", "Cannot load the advice texts; showing the built-in ones")
            return {}
        _working("database", "The advice texts load from the database again")
        if _changes == changes_before:  # else a save came in while loading: this copy may be the old text
            _snapshot = loaded
        return loaded.blocks


def forget_cached() -> None:
    """Drop this process's copy (the next call reloads; other processes are not told)."""
    global _snapshot, _changes
    _changes += 1
    _snapshot = None


def forget_failures() -> None:
    """Forget which failures were logged (tests start afresh; a process never needs it)."""
    _logged_at.clear()


def _bump_generation() -> None:
    try:
        cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:
        logger.exception("Cannot move the advice texts' generation; other processes reload within %s s", RELOAD_SECONDS)
    forget_cached()


def texts_changed(**_kwargs) -> None:
    """Signal receiver for saves and deletes of AdviceText (connected in TriageConfig.ready)."""
    forget_cached()  # this process sees its own change at once, inside the transaction too
    transaction.on_commit(_bump_generation)  # others only once it is committed, so none caches the old text anew


def advice_for(assessment: Assessment) -> list[AdviceBlock]:
    """The texts for this assessment in the engine's order (never empty). No query while the copy is current."""
    codes = assessment.advice_codes or (f"verdict_{assessment.verdict}",)
    return [advice_block(code) for code in codes]


def advice_block(code: str) -> AdviceBlock:
    """One published text by its code, with the built-in fallback."""
    blocks = published_blocks()
    block = blocks.get(code)
    if block is None:
        if "database" not in _logged_at:  # while the database is down every text is missing: logged as such
            _failing(
                f"missing {code}", "Advice text %r is missing or empty; showing the built-in text", code, trace=False
            )
        return _fallback(code)
    if _logged_at:
        _working(f"missing {code}", f"Advice text {code!r} is published again")
    return block


def advice_sections(blocks: list[AdviceBlock]) -> dict[str, list[AdviceBlock]]:
    """Blocks by where the result page shows them: verdict, cause, advice, help (from the code's prefix)."""
    sections: dict[str, list[AdviceBlock]] = {"verdict": [], "cause": [], "advice": [], "help": []}
    for block in blocks:
        prefix = block.code.split("_", 1)[0]
        sections.get(prefix, sections["advice"]).append(block)
    return sections
