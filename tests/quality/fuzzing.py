"""Generated junk for forms: nasty values, each journal limit and one past it, and Hypothesis strategies for a
form's payload (tests/quality/test_hostile_input.py and the views' own fuzz tests use them)."""

from __future__ import annotations

from hypothesis import strategies as st

from journal.models import Entry, TrainingSession, field_limits

NASTY = [
    "",
    " ",
    "-1",
    "11",
    "0",
    "10",
    "1e309",
    "NaN",
    "Infinity",
    "9" * 400,
    "\x00",
    "null",
    "true",
    "[]",
    "{}",
    "2999-01-01",
    "0000-00-00",
    "1900-02-30",
    "12:99:99",
    "-5:00",
    "<script>alert(1)</script>",
    "javascript:alert(1)",
    '=HYPERLINK("http://x")',
    "'; DROP TABLE journal_entry; --",
    "😀" * 50,
    "x" * 70_000,
    "left",
    "right",
    "both",
    "yes",
    "no",
    "easy",
    "leg_pain",
    "saddle_numbness",
]


def boundary_values() -> list[str]:
    """Each journal limit and one past it, read from the models' validators (journal.models.field_limits)."""
    values = set()
    for model in (Entry, TrainingSession):
        for low, high in field_limits(model).values():
            if low is not None:
                values |= {str(low), str(low - 1)}
            if high is not None:
                values |= {str(high), str(high + 1), "x" * (high + 1)}
    return sorted(values)


value = st.one_of(
    st.sampled_from(NASTY + boundary_values()), st.text(max_size=40), st.integers(-(10**20), 10**20).map(str)
)


def fuzz_payload(fields: list[str]):
    keys = st.sampled_from([*fields, "unexpected", "csrfmiddlewaretoken"])
    return st.dictionaries(keys, st.one_of(value, st.lists(value, max_size=4)), max_size=len(fields) + 2)
