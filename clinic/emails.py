"""The physio workspace's mail: one function per message, each rendered from ``templates/emails/<name>/``."""

from __future__ import annotations

from django.urls import reverse

from accounts.access import linked_physios
from accounts.models import CareLink, LinkStatus
from clinic.models import Invitation, Message
from core.mail import absolute_url, send
from monitoring.emails import flag_context
from monitoring.models import Flag


def send_invitation(*, invitation_id: int) -> None:
    """To the invited address: a runner asks you to follow their journal (same text with or without an account)."""
    invitation = Invitation.objects.select_related("runner").get(pk=invitation_id)
    send(
        "clinic_invitation",
        to=invitation.email,
        context={
            "runner_name": invitation.runner.name,
            "login_url": absolute_url(reverse("account_login")),
            "signup_url": absolute_url(reverse("account_signup")),
        },
    )


def send_invitation_accepted(*, link_id: int) -> None:
    """To the runner: the physio accepted, and can now see the journal."""
    link = CareLink.objects.select_related("runner", "physio").get(pk=link_id)
    send(
        "clinic_invitation_accepted",
        to=link.runner.email,
        context={"physio_name": link.physio.name, "care_team_url": absolute_url(reverse("clinic:care_team"))},
    )


def send_new_message(*, message_id: int) -> None:
    """To the other side of the conversation: a new message is waiting (the text itself stays in the app)."""
    message = Message.objects.select_related("runner", "physio", "sender").get(pk=message_id)
    if message.from_physio:
        to, url = message.runner.email, reverse("clinic:care_team")
    else:
        link = CareLink.objects.filter(runner=message.runner, physio=message.physio, status=LinkStatus.ACTIVE).first()
        if link is None:
            return
        to, url = message.physio.email, reverse("clinic:client", args=[link.public_id])
    send("clinic_message", to=to, context={"sender_name": message.sender.name, "url": absolute_url(url)})


def send_flag_opened_to_physio(*, flag_id: int, physio_id: int, worse: bool) -> None:
    """To a linked, verified physio: an urgent flag opened on their client's journal (``worse``: its signs got
    worse while it was open). Nothing goes to a physio who is no longer linked when the mail goes out."""
    flag = Flag.objects.select_related("runner").get(pk=flag_id)
    physio = linked_physios(flag.runner).filter(pk=physio_id).first()
    if physio is None:
        return
    link = CareLink.objects.filter(runner=flag.runner, physio=physio, status=LinkStatus.ACTIVE).first()
    path = reverse("clinic:client", args=[link.public_id]) if link else reverse("clinic:caseload")
    context = {**flag_context(flag, audience="physio"), "worse": worse, "physio": physio, "link": absolute_url(path)}
    send("flag_opened_physio", to=physio.email, context=context)
