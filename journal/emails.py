"""All outgoing mail: one function per message, each rendered from ``templates/emails/<name>/``.

Every message has ``subject.txt`` (one line), ``body.txt`` and ``body.html``; links are absolute,
built from ``settings.SITE_URL``. The backend comes from settings (console in development, locmem in
tests, SMTP in production).
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from accounts.models import CareLink


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def send(template: str, *, to: str, context: dict) -> None:
    """Renders ``templates/emails/<template>/`` with ``context`` and sends it to one address."""
    context = {"site_url": settings.SITE_URL, **context}
    subject = " ".join(render_to_string(f"emails/{template}/subject.txt", context).split())
    text = render_to_string(f"emails/{template}/body.txt", context)
    html = render_to_string(f"emails/{template}/body.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to])
    message.attach_alternative(html, "text/html")
    message.send()


# --- monitoring -------------------------------------------------------------------------------------
def _flag_context(flag) -> dict:
    from journal.monitoring.wording import EXPLANATION, SEVERITY_WORDS, evidence_lines

    return {
        "flag": flag,
        "runner": flag.runner,
        "severity_words": SEVERITY_WORDS[flag.severity],
        "explanation": EXPLANATION[flag.kind],
        "evidence_lines": evidence_lines(flag.kind, flag.evidence),
    }


def send_flag_opened_to_runner(flag) -> None:
    """A new flag on the runner's journal: what it means, the numbers, and a link to the flags page."""
    context = {**_flag_context(flag), "link": absolute_url(reverse("monitoring:list"))}
    send("flag_opened_runner", to=flag.runner.email, context=context)


def send_flag_opened_to_physio(flag, physio) -> None:
    """An urgent flag on a linked client's journal (sent to each linked, verified physio)."""
    link = CareLink.objects.filter(runner=flag.runner, physio=physio, status="active").first()
    path = reverse("clinic:client", args=[link.public_id]) if link else reverse("clinic:caseload")
    context = {**_flag_context(flag), "physio": physio, "link": absolute_url(path)}
    send("flag_opened_physio", to=physio.email, context=context)


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


# --- physio workspace -------------------------------------------------------------------------------
def send_invitation(*, invitation_id: int) -> None:
    """To the invited address: a runner asks you to follow their journal (same text with or without an account)."""
    from journal.clinic.models import Invitation

    invitation = Invitation.objects.select_related("runner").get(pk=invitation_id)
    send(
        "clinic_invitation",
        to=invitation.email,
        context={
            "runner_name": invitation.runner.name,
            "login_url": settings.SITE_URL + reverse("account_login"),
            "signup_url": settings.SITE_URL + reverse("account_signup"),
        },
    )


def send_invitation_accepted(*, link_id: int) -> None:
    """To the runner: the physio accepted, and can now see the journal."""
    link = CareLink.objects.select_related("runner", "physio").get(pk=link_id)
    send(
        "clinic_invitation_accepted",
        to=link.runner.email,
        context={"physio_name": link.physio.name, "care_team_url": settings.SITE_URL + reverse("clinic:care_team")},
    )


def send_new_message(*, message_id: int) -> None:
    """To the other side of the conversation: a new message is waiting (the text itself stays in the app)."""
    from journal.clinic.models import Message

    message = Message.objects.select_related("runner", "physio", "sender").get(pk=message_id)
    if message.from_physio:
        to, url = message.runner.email, reverse("clinic:care_team")
    else:
        link = CareLink.objects.filter(runner=message.runner, physio=message.physio, status="active").first()
        if link is None:
            return
        to, url = message.physio.email, reverse("clinic:client", args=[link.public_id])
    send("clinic_message", to=to, context={"sender_name": message.sender.name, "url": settings.SITE_URL + url})
