"""Form pieces every app shares."""

from __future__ import annotations


def text_errors(required: str, max_length: int) -> dict[str, str]:
    """Error messages for a text field in our words: what to write when it is empty, and how long it may be."""
    return {
        "required": required,
        "max_length": f"Keep it to {max_length:,} characters or fewer (this has %(show_value)d).",
    }
