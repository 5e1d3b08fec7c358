"""docs/glossary.md's rules as code: the words it rules out, its terms, and what a reader sees of a page
(tests/quality/test_vocabulary.py and the account and admin pages' tests use them)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

GLOSSARY = Path(__file__).resolve().parents[2] / "docs" / "glossary.md"


# --- the rules ------------------------------------------------------------------------------------
def avoided_words() -> list[str]:
    """The glossary's "Not" column."""
    words = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0] not in ("Term", "---"):
            words += [w.strip() for w in cells[2].split(",") if w.strip()]
    return words


AVOIDED = avoided_words()


def glossary_terms() -> set[str]:
    """The glossary's "Term" column."""
    terms = set()
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0] not in ("Term", "---"):
            terms.add(cells[0])
    return terms


PLURAL_S = re.compile(r"\w\(s\)")
RAW_CODE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


class VisibleText(HTMLParser):
    """Text a reader sees: no tags, attributes, scripts, styles, code samples or form values."""

    HIDDEN = {"script", "style", "code", "pre", "textarea", "title"}

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.hidden += 1

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def findings(text: str) -> set[str]:
    text = re.sub(r"https?://\S+", "", text)  # links are addresses, not words
    found = {f"(s) in {m.group(0)!r}" for m in PLURAL_S.finditer(text)}
    found |= {f"raw code {m.group(0)}" for m in RAW_CODE.finditer(text) if "@" not in m.group(0)}
    found |= {f"ISO date {m.group(0)}" for m in ISO_DATE.finditer(text)}
    for word in AVOIDED:
        if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text, flags=re.IGNORECASE):
            found.add(f"avoided word {word!r}")
    return found
