"""The advice blocks for an assessment: admin-edited Markdown, rendered and sanitised.

One database query fetches every text an assessment needs, with the id of its latest history row
(the version shown). A missing or empty record falls back to a built-in text and logs a warning.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache

import markdown
import nh3
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


def advice_for(assessment: Assessment) -> list[AdviceBlock]:
    """The texts for this assessment in the engine's order (never empty). One query."""
    codes = assessment.advice_codes or (f"verdict_{assessment.verdict}",)
    history = AdviceText.history.model
    latest_version = history.objects.filter(id=OuterRef("pk")).order_by("-history_id").values("history_id")[:1]
    records = {
        row["code"]: row
        for row in AdviceText.objects.filter(code__in=codes)
        .annotate(version_id=Subquery(latest_version))
        .values("code", "title", "body", "version_id")
    }
    blocks = []
    for code in codes:
        record = records.get(code)
        if record is None or not record["body"].strip():
            logger.warning(
                "Advice text %r is %s; showing the built-in text", code, "missing" if record is None else "empty"
            )
            blocks.append(_fallback(code))
            continue
        blocks.append(
            AdviceBlock(
                code=code, title=record["title"], html=render_markdown(record["body"]), version_id=record["version_id"]
            )
        )
    return blocks


def advice_block(code: str) -> AdviceBlock:
    """One text by its code (one query), with the built-in fallback."""
    record = AdviceText.objects.filter(code=code).values("title", "body").first()
    if record is None or not record["body"].strip():
        return _fallback(code)
    return AdviceBlock(code=code, title=record["title"], html=render_markdown(record["body"]), version_id=None)


def advice_sections(blocks: list[AdviceBlock]) -> dict[str, list[AdviceBlock]]:
    """Blocks by where the result page shows them: verdict, cause, advice, help (from the code's prefix)."""
    sections: dict[str, list[AdviceBlock]] = {"verdict": [], "cause": [], "advice": [], "help": []}
    for block in blocks:
        prefix = block.code.split("_", 1)[0]
        sections.get(prefix, sections["advice"]).append(block)
    return sections
