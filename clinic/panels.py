"""The clinic's panels on the runner's dashboard (registered in ``ClinicConfig.ready()``): a physio's
unanswered message in the status at the top, and the conversations with a reply form below. Both read one
fetch of the runner's conversations (``runner_threads``: two queries, one without a linked physio), made
once per request; the templates only display. Never cached: messages are read on every request.
"""

from __future__ import annotations

from clinic import selectors
from clinic.forms import MessageForm
from journal.panels import DashboardState


def _threads(state: DashboardState) -> list[selectors.Thread]:
    return state.once("clinic.threads", lambda: selectors.runner_threads(runner=state.runner))


def notice_context(state: DashboardState) -> dict:
    """A physio's recent message the runner has not answered (no query of its own)."""
    return {"message": selectors.unanswered_physio_message(runner=state.runner, threads=_threads(state))}


def messages_context(state: DashboardState) -> dict:
    """The conversations that have messages, each with its reply form."""
    threads = [t for t in _threads(state) if t.messages]
    for thread in threads:
        thread.form = MessageForm(auto_id=f"id_reply_{thread.link.public_id.hex[:8]}_%s")
    return {"threads": threads, "next": state.request.path}
