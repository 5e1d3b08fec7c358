"""Monitoring's mail to the runner: one function per message, each rendered from ``templates/emails/<name>/``.

The physio's mail about an urgent flag belongs to the clinic (``clinic.emails``), which reacts to
``monitoring.signals.flag_opened`` / ``flag_worse`` and words the flag with ``flag_context`` below.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from core.mail import absolute_url, send
from monitoring.wording import EXPLANATION, HELP_LEVEL, SEVERITY_WORDS, evidence_lines
from triage.advice import advice_block
from triage.codes import VERDICT_ADVICE
from triage.contacts import contacts_for


def flag_context(flag, *, audience: str = "runner") -> dict:
    """What every mail about a flag says of it, to the runner (``audience="runner"``) or to a physio."""
    return {
        "flag": flag,
        "runner": flag.runner,
        "severity_words": SEVERITY_WORDS[flag.severity],
        "explanation": EXPLANATION[flag.kind],
        "evidence_lines": evidence_lines(flag.kind, flag.evidence, audience=audience),
        # Sent again because the signs got worse while the flag was open (monitoring.scan).
        "worse": flag.announced_as_worse,
    }


def send_flag_opened_to_runner(flag) -> None:
    """A new flag on the runner's journal: what it means, the numbers, and a link to the flags page.

    Emergency and urgent flags carry the numbers to call for the runner's country (triage.contacts: the
    same numbers as triage and the journal; 111 is never offered for an emergency).
    """
    level = HELP_LEVEL.get(flag.kind)
    country = getattr(flag.runner, "country", "") or settings.EMERGENCY_COUNTRY_DEFAULT
    contacts = contacts_for(level, country, settings.EMERGENCY_COUNTRY_DEFAULT) if level else ()
    help_block = advice_block(str(VERDICT_ADVICE[level])) if level else None  # triage's own wording
    context = {
        **flag_context(flag),
        "contacts": contacts,
        "help_block": help_block,
        "link": absolute_url(reverse("monitoring:list")),
    }
    send("flag_opened_runner", to=flag.runner.email, context=context)


def send_checkin(checkin) -> None:
    """The 24-hour question after a run: has the pain settled?"""
    context = {
        "checkin": checkin,
        "runner": checkin.runner,
        "link": absolute_url(reverse("monitoring:checkin", args=[checkin.pk])),
    }
    send("checkin", to=checkin.runner.email, context=context)


def send_daily_reminder(user) -> None:
    """The opt-in daily nudge to log how the back is."""
    context = {"runner": user, "link": absolute_url("/"), "profile_link": absolute_url(reverse("accounts:profile"))}
    send("daily_reminder", to=user.email, context=context)
