"""The advice blocks for an assessment: admin-edited Markdown, rendered and sanitised.

The published texts are the same for everyone, so each process keeps them, rendered, in memory
(one query loads every text with the id of its latest history row, the version shown). Saving or
deleting a text clears this process's copy at once and, when the transaction commits, bumps a
generation number in the shared cache (Redis in production); other processes compare their copy's
generation with it at most every ``RECHECK_SECONDS`` and reload when it moved. A missing or empty
record falls back to a built-in text and logs a warning.
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
from django.db import transaction
from django.db.models import OuterRef, Subquery

from triage.engine import Assessment
from triage.fallback import FALLBACK_TEXTS, GENERIC_FALLBACK
from triage.models import AdviceText

logger = logging.getLogger(__name__)

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
GENERATION_KEY = "triage:advice-generation"


@dataclass(frozen=True)
class _Snapshot:
    generation: str
    checked_at: float
    blocks: dict[str, AdviceBlock]  # code → published text, rendered; empty texts left out


_snapshot: _Snapshot | None = None
_lock = threading.Lock()


def _current_generation() -> str:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        generation = cache.get(GENERATION_KEY)
    return str(generation)


def _load(generation: str) -> _Snapshot:
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
    return _Snapshot(generation=generation, checked_at=time.monotonic(), blocks=blocks)


def published_blocks() -> dict[str, AdviceBlock]:
    """Every published text by code, from this process's copy (no query while it is current)."""
    global _snapshot
    snapshot = _snapshot
    if snapshot is not None and time.monotonic() - snapshot.checked_at < RECHECK_SECONDS:
        return snapshot.blocks
    with _lock:
        generation = _current_generation()
        if _snapshot is not None and _snapshot.generation == generation:
            _snapshot = _Snapshot(generation=generation, checked_at=time.monotonic(), blocks=_snapshot.blocks)
        else:
            _snapshot = _load(generation)
        return _snapshot.blocks


def forget_cached() -> None:
    """Drop this process's copy (the next call reloads; other processes are not told)."""
    global _snapshot
    _snapshot = None


def _bump_generation() -> None:
    cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
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
    block = published_blocks().get(code)
    if block is None:
        logger.warning("Advice text %r is missing or empty; showing the built-in text", code)
        return _fallback(code)
    return block


def advice_sections(blocks: list[AdviceBlock]) -> dict[str, list[AdviceBlock]]:
    """Blocks by where the result page shows them: verdict, cause, advice, help (from the code's prefix)."""
    sections: dict[str, list[AdviceBlock]] = {"verdict": [], "cause": [], "advice": [], "help": []}
    for block in blocks:
        prefix = block.code.split("_", 1)[0]
        sections.get(prefix, sections["advice"]).append(block)
    return sections
