"""Writes of the physio workspace: consent links, notes, messages and flag handling (audit rows through
``accounts.audit``, the one writer).

Every function is keyword-only, runs in one transaction and takes the access decision's result
(a ``CareLink`` from ``accounts.access``), never a raw id from a URL.
"""

from __future__ import annotations

import datetime as dt
import secrets

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts import access
from accounts.audit import audit_record
from accounts.models import AuditAction, CareLink, LinkStatus, LinkVia, User
from clinic import tasks
from clinic.models import ClinicalNote, Invitation, InvitationStatus, LinkCode, Message
from core.mail import send_after_commit
from core.ratelimit import budget_spend
from monitoring import flags as monitoring_flags
from monitoring.models import Flag

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: easy to read out over the phone
CODE_LENGTH = 8
CODE_LIFETIME = dt.timedelta(days=7)


def normalise_code(raw: str) -> str:
    return "".join(ch for ch in raw.upper() if ch.isalnum())


def format_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


# --- consent links ----------------------------------------------------------------------------------
class InvitationLimit(Exception):
    """Too many invitations today, from this runner or to this address; the message is for the runner."""

    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after


def _physio_with_verified_address(email: str) -> User | None:
    """The physio who proved they own `email` (a verified allauth address), whatever the verification setting."""
    owner = (
        EmailAddress.objects.filter(email__iexact=email, verified=True, user__role="physio")
        .select_related("user")
        .first()
    )
    return owner.user if owner else None


@transaction.atomic
def invitation_send(*, runner: User, email: str) -> Invitation:
    """Invites a physio by email. The same answer whether or not the address has an account.

    A runner sends at most INVITATIONS_PER_RUNNER_PER_DAY a day and an address receives at most
    INVITATIONS_PER_ADDRESS_PER_DAY a day (InvitationLimit beyond), so nobody can use the site to mail strangers.
    """
    email = email.strip().lower()
    if email == runner.email.lower():
        raise ValidationError({"email": "That is your own address. Enter your physio's email address."})
    physio = _physio_with_verified_address(email)
    if physio and CareLink.objects.filter(runner=runner, physio=physio, status=LinkStatus.ACTIVE).exists():
        raise ValidationError({"email": "This physio can already see your journal."})
    if Invitation.objects.filter(runner=runner, email=email, status=InvitationStatus.PENDING).exists():
        raise ValidationError({"email": "You have already invited this address. It is waiting for an answer."})
    day = 24 * 3600
    mine = budget_spend(
        scope="invite-runner",
        client=str(runner.pk),
        amount=1,
        limit=settings.INVITATIONS_PER_RUNNER_PER_DAY,
        window_seconds=day,
    )
    if not mine.allowed:
        raise InvitationLimit(
            f"You have sent {settings.INVITATIONS_PER_RUNNER_PER_DAY} invitations today, the most we send in a day. "
            "Try again tomorrow, or give your physio a link code instead.",
            mine.retry_after,
        )
    theirs = budget_spend(
        scope="invite-address",
        client=email,
        amount=1,
        limit=settings.INVITATIONS_PER_ADDRESS_PER_DAY,
        window_seconds=day,
    )
    if not theirs.allowed:
        raise InvitationLimit(
            "This address has had as many invitations today as we send to one address. Try again tomorrow.",
            theirs.retry_after,
        )
    invitation = Invitation.objects.create(runner=runner, email=email, physio=physio)
    send_after_commit(tasks.send_invitation, invitation_id=invitation.pk)
    return invitation


def invitations_attach(*, physio: User) -> int:
    """Gives a physio the invitations sent to their address before their account existed.

    Only to addresses the physio has verified (allauth's EmailAddress.verified), whatever
    ACCOUNT_EMAIL_VERIFICATION says: an unverified address proves nothing. A pending invitation held by another
    account moves too: a verified address is one account's only, so that account no longer holds it. One UPDATE."""
    return (
        Invitation.objects.filter(email__in=access.verified_addresses(physio), status=InvitationStatus.PENDING)
        .exclude(physio=physio)
        .update(physio=physio)
    )


def _activate_link(*, runner: User, physio: User, via: str) -> CareLink:
    now = timezone.now()
    live = CareLink.objects.filter(runner=runner, physio=physio, status=LinkStatus.ACTIVE)
    link = live.select_for_update().first()
    if link is None:
        try:
            with transaction.atomic():
                return CareLink.objects.create(
                    runner=runner, physio=physio, status=LinkStatus.ACTIVE, via=via, accepted_at=now
                )
        except IntegrityError:  # a concurrent request made the link first
            link = live.get()
    return link


@transaction.atomic
def invitation_accept(*, physio: User, invitation: Invitation) -> CareLink:
    """The physio accepts: the link becomes active now."""
    claimed = Invitation.objects.filter(
        pk=invitation.pk, physio=physio, email__in=access.verified_addresses(physio), status=InvitationStatus.PENDING
    ).update(status=InvitationStatus.ACCEPTED, answered_at=timezone.now())
    if not claimed:
        raise ValidationError("This invitation has already been answered or withdrawn.")
    link = _activate_link(runner=invitation.runner, physio=physio, via=LinkVia.EMAIL)
    send_after_commit(tasks.send_invitation_accepted, link_id=link.pk)
    return link


@transaction.atomic
def invitation_decline(*, physio: User, invitation: Invitation) -> None:
    Invitation.objects.filter(pk=invitation.pk, physio=physio, status=InvitationStatus.PENDING).update(
        status=InvitationStatus.DECLINED, answered_at=timezone.now()
    )


@transaction.atomic
def invitation_cancel(*, runner: User, invitation: Invitation) -> None:
    Invitation.objects.filter(pk=invitation.pk, runner=runner, status=InvitationStatus.PENDING).update(
        status=InvitationStatus.CANCELLED, answered_at=timezone.now()
    )


@transaction.atomic
def link_code_create(*, physio: User) -> LinkCode:
    """A fresh one-time code for this physio, valid for a week."""
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not LinkCode.objects.filter(code=code).exists():
            return LinkCode.objects.create(physio=physio, code=code, expires_at=timezone.now() + CODE_LIFETIME)


@transaction.atomic
def link_code_redeem(*, runner: User, code: str) -> CareLink:
    """The runner types in a physio's code: that is the runner's consent, and the physio's acceptance
    is the code itself, so the link is active at once. A code works once."""
    code = normalise_code(code)
    now = timezone.now()
    link_code = (
        LinkCode.objects.select_related("physio")
        .filter(
            code=code,
            used_at__isnull=True,
            expires_at__gt=now,
            physio__is_active=True,
            physio__physio_verified_at__isnull=False,
        )
        .first()
    )
    error = ValidationError({"code": "This code is not valid. Check it with your physio, or ask them for a new one."})
    if link_code is None:
        raise error
    if not LinkCode.objects.filter(pk=link_code.pk, used_at__isnull=True).update(used_at=now, used_by=runner):
        raise error
    return _activate_link(runner=runner, physio=link_code.physio, via=LinkVia.CODE)


@transaction.atomic
def link_revoke(*, runner: User, link: CareLink) -> None:
    """Ends a physio's access at once: every access check reads the link's status on each request."""
    CareLink.objects.filter(pk=link.pk, runner=runner, status=LinkStatus.ACTIVE).update(
        status=LinkStatus.REVOKED, ended_at=timezone.now()
    )


# --- notes and messages ------------------------------------------------------------------------------
@transaction.atomic
def note_add(*, physio: User, link: CareLink, body: str) -> ClinicalNote:
    return ClinicalNote.objects.create(runner=link.runner, author=physio, body=body.strip())


@transaction.atomic
def message_send(*, sender: User, link: CareLink, body: str) -> Message:
    """A message between the two people of an active link (either side may write)."""
    if sender.pk not in (link.runner_id, link.physio_id):
        raise ValidationError("Only the runner and the physio of this link can write here.")
    message = Message.objects.create(
        runner_id=link.runner_id, physio_id=link.physio_id, sender=sender, body=body.strip()
    )
    send_after_commit(tasks.send_new_message, message_id=message.pk)
    return message


# --- flags --------------------------------------------------------------------------------------------
# The flag state machine lives in monitoring.flags; the clinic calls it and writes the audit row.
@transaction.atomic
def flag_acknowledge(*, physio: User, link: CareLink, flag: Flag, note: str) -> Flag:
    """An open flag is seen and being handled; the note says what the physio is doing about it."""
    flag = monitoring_flags.flag_acknowledge(flag=flag, runner_id=link.runner_id, by=physio, note=note)
    audit_record(actor=physio, runner=link.runner, action=AuditAction.FLAG_ACKNOWLEDGE)
    return flag


@transaction.atomic
def flag_resolve(*, physio: User, link: CareLink, flag: Flag, note: str) -> Flag:
    """An open or acknowledged flag is dealt with; the note records how."""
    flag = monitoring_flags.flag_resolve(flag=flag, runner_id=link.runner_id, by=physio, note=note)
    audit_record(actor=physio, runner=link.runner, action=AuditAction.FLAG_RESOLVE)
    return flag
