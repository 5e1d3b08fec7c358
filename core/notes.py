"""Who reads which note: the one rule for every written note and message, and the function that applies it.

| what was written                                             | runner | linked physio | admin |
|--------------------------------------------------------------|--------|---------------|-------|
| a physio's clinical note                                     | no     | yes           | no    |
| a physio's note when acknowledging a flag                    | no     | yes           | no    |
| a note closing a flag (a physio resolving it, or the runner  | yes    | yes           | no    |
|   dismissing it or recording a clinician's assessment)       |        |               |       |
| a message                                                    | yes    | yes (1)       | no    |
| a physio's note on the plan (pausing, changing a stage)      | yes    | yes           | no    |

"Runner" is the runner the note is about (nobody else's notes are ever shown to a runner); "linked
physio" is a physio with an active, verified care link to that runner (the views' access check comes
first, and an unlinked physio gets a 404 before any note is read). (1) Only the physio in that
conversation: each physio has their own conversation with the runner. Admins see that a note or a
message exists (who, to whom, when) in the admin site, never what it says.

Pages and PDFs print what a note says only through this module: templates with the ``readable_as``
filter (``core/templatetags/notes.py``) or monitoring's flag-note filters, the runner's export through
``monitoring.selectors.flags_for_runner_export``. ``tests/clinic/test_note_visibility.py`` checks every
page, PDF and export that shows a note against this table, and that no template prints a note another way.
"""

from __future__ import annotations

from enum import StrEnum


class Audience(StrEnum):
    RUNNER = "runner"
    PHYSIO = "physio"
    ADMIN = "admin"


class NoteKind(StrEnum):
    CLINICAL_NOTE = "clinical_note"
    FLAG_ACKNOWLEDGE = "flag_acknowledge"
    FLAG_CLOSE = "flag_close"
    MESSAGE = "message"
    PLAN_NOTE = "plan_note"


READERS: dict[NoteKind, frozenset[Audience]] = {
    NoteKind.CLINICAL_NOTE: frozenset({Audience.PHYSIO}),
    NoteKind.FLAG_ACKNOWLEDGE: frozenset({Audience.PHYSIO}),
    NoteKind.FLAG_CLOSE: frozenset({Audience.RUNNER, Audience.PHYSIO}),
    NoteKind.MESSAGE: frozenset({Audience.RUNNER, Audience.PHYSIO}),
    NoteKind.PLAN_NOTE: frozenset({Audience.RUNNER, Audience.PHYSIO}),
}


def may_read(kind: str, audience: str) -> bool:
    """Whether ``audience`` may read a note of ``kind``; an unknown kind or audience reads nothing."""
    try:
        return Audience(audience) in READERS[NoteKind(kind)]
    except ValueError:
        return False


def readable(text: str, *, kind: str, audience: str) -> str:
    """``text`` when ``audience`` may read a note of ``kind``, else an empty string."""
    return text if may_read(kind, audience) else ""
