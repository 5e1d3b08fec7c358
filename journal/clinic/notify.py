"""Mail sent by the physio workspace, one function per message.

Each renders ``templates/emails/<name>/{subject.txt,body.txt,body.html}``. These will move into the
project's one mail module (``journal/emails.py``) when the branches are merged. Functions take ids
and re-read the rows, so they can be queued after commit or run by a task unchanged.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from accounts.models import CareLink
from journal.clinic.models import Invitation, Message


def _send(name: str, to: str, context: dict) -> None:
    context = {"site_url": settings.SITE_URL, **context}
    subject = " ".join(render_to_string(f"emails/{name}/subject.txt", context).split())
    text = render_to_string(f"emails/{name}/body.txt", context)
    html = render_to_string(f"emails/{name}/body.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to])
    message.attach_alternative(html, "text/html")
    message.send()


def send_invitation(*, invitation_id: int) -> None:
    """To the invited address: a runner asks you to follow their journal (same text with or without an account)."""
    invitation = Invitation.objects.select_related("runner").get(pk=invitation_id)
    _send(
        "clinic_invitation",
        invitation.email,
        {
            "runner_name": invitation.runner.name,
            "login_url": settings.SITE_URL + reverse("account_login"),
            "signup_url": settings.SITE_URL + reverse("account_signup"),
        },
    )


def send_invitation_accepted(*, link_id: int) -> None:
    """To the runner: the physio accepted, and can now see the journal."""
    link = CareLink.objects.select_related("runner", "physio").get(pk=link_id)
    _send(
        "clinic_invitation_accepted",
        link.runner.email,
        {"physio_name": link.physio.name, "care_team_url": settings.SITE_URL + reverse("clinic:care_team")},
    )


def send_new_message(*, message_id: int) -> None:
    """To the other side of the conversation: a new message is waiting (the text itself stays in the app)."""
    message = Message.objects.select_related("runner", "physio", "sender").get(pk=message_id)
    if message.from_physio:
        to, url = message.runner.email, reverse("clinic:care_team")
    else:
        link = CareLink.objects.filter(runner=message.runner, physio=message.physio, status="active").first()
        if link is None:
            return
        to, url = message.physio.email, reverse("clinic:client", args=[link.public_id])
    _send("clinic_message", to, {"sender_name": message.sender.name, "url": settings.SITE_URL + url})
