"""Password rules beyond Django's: no password made of one repeated character or an obvious run."""

from __future__ import annotations

from django.core.exceptions import ValidationError

_RUNS = (
    "abcdefghijklmnopqrstuvwxyz",
    "0123456789",
    "qwertyuiopasdfghjklzxcvbnm",  # keyboard rows, read left to right
    "qwertzuiopasdfghjklyxcvbnm",
    "azertyuiopqsdfghjklmwxcvbn",
)


def _is_run(text: str) -> bool:
    """One character repeated, a short block repeated ("abcabcabc"), or a slice of a known run, either way."""
    if len(set(text)) == 1:
        return True
    for size in range(2, len(text) // 2 + 1):
        if len(text) % size == 0 and text[:size] * (len(text) // size) == text:
            return True
    step = {ord(b) - ord(a) for a, b in zip(text, text[1:], strict=False)}
    if step in ({1}, {-1}):  # each character one after (or before) the last
        return True
    for run in _RUNS:
        doubled = run + run
        if text in doubled or text[::-1] in doubled:
            return True
    return False


class PatternPasswordValidator:
    """Refuses one repeated character ("aaaaaaaaaaaa"), a repeated block and obvious sequences ("abcdefghijkl",
    "123456789012", "qwertyuiopas"), ignoring case, spaces and the punctuation people add at the end."""

    def validate(self, password: str, user=None) -> None:
        core = "".join(ch for ch in password.lower() if ch.isalnum())
        if len(core) < 4 or _is_run(core):
            raise ValidationError(
                "This password is one character repeated or an obvious sequence. Choose something less predictable.",
                code="password_pattern",
            )

    def get_help_text(self) -> str:
        return "Your password cannot be one repeated character or an obvious sequence such as abcdef or 123456."
