"""The physio workspace's own records: invitations, one-time link codes, clinical notes, messages.

Links themselves (the runner's consent) are ``accounts.CareLink``; the audit trail is
``accounts.AuditEvent``. Every id that appears in a URL here is a random UUID.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

NOTE_MAX_LENGTH = 4000
MESSAGE_MAX_LENGTH = 2000


class InvitationStatus(models.TextChoices):
    PENDING = "pending", "Waiting for the physio"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    CANCELLED = "cancelled", "Cancelled"


class Invitation(models.Model):
    """A runner asks a physio, by email address, to follow their journal.

    ``physio`` is filled in once an account with that address exists (at once, or when the physio
    signs up, signs in or verifies the address: ``clinic/signals.py``). The link starts only when the physio accepts.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    runner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sent_invitations")
    email = models.EmailField()
    physio = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,  # the runner's record of whom they invited outlives the physio's account
        null=True,
        blank=True,
        related_name="received_invitations",
    )
    status = models.CharField(max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["runner", "email"], condition=Q(status="pending"), name="one_pending_invitation_per_email"
            ),
        ]
        indexes = [models.Index(fields=["email", "status"], name="invitation_email_status")]

    def __str__(self) -> str:
        return f"{self.runner} invites {self.email} ({self.status})"


class LinkCode(models.Model):
    """A one-time code a physio gives a runner; the runner typing it in is their consent."""

    physio = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="link_codes")
    code = models.CharField(max_length=16, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"code for {self.physio} ({'used' if self.used_at else 'unused'})"


class ClinicalNote(models.Model):
    """A physio's private note about a runner: shown to the physios linked to that runner, never to the runner."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    runner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="clinical_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    body = models.TextField(max_length=NOTE_MAX_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["runner", "-created_at"], name="note_runner_created")]

    def __str__(self) -> str:
        return f"note on {self.runner} by {self.author}"


class Message(models.Model):
    """One message in the conversation between a runner and one of their physios.

    The conversation is the runner's too: when the physio deletes their account, ``physio`` (and
    ``sender`` on their messages) become empty and the runner keeps every message, the other side
    shown as "a former physio". The runner deleting their own account deletes the conversation.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    runner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    physio = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    body = models.TextField(max_length=MESSAGE_MAX_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["runner", "physio", "created_at"], name="message_thread")]

    def __str__(self) -> str:
        return f"message from {self.sender} ({self.created_at:%Y-%m-%d})"

    @property
    def from_physio(self) -> bool:
        # an empty sender is a physio who left: a runner's own account going deletes the message
        return self.sender_id is None or self.sender_id == self.physio_id
