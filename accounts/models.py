"""Users of Backtrack: runners and physios log in by email; admins are staff."""

from __future__ import annotations

import uuid
import zoneinfo
from functools import cache

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from core.countries import validate_country

# The zones a person lives in: "Europe/London", "America/New_York", and UTC. Not the database's
# aliases and oddities ("localtime", "Factory", "EST5EDT", "Etc/GMT+5", which is UTC-5).
LIVED_IN_AREAS = (
    "Africa",
    "America",
    "Antarctica",
    "Arctic",
    "Asia",
    "Atlantic",
    "Australia",
    "Europe",
    "Indian",
    "Pacific",
)


@cache
def time_zone_choices() -> list[tuple[str, str]]:
    names = [n for n in zoneinfo.available_timezones() if n == "UTC" or n.split("/", 1)[0] in LIVED_IN_AREAS]
    return [(name, name.replace("_", " ")) for name in sorted(names)]


@cache
def time_zone_groups() -> list:
    """The same zones for a select: UTC, then one group per region with its places by name ("Europe" ->
    "Madrid"); a zone with a country part names it ("Buenos Aires (Argentina)")."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for name, _label in time_zone_choices():
        region, _, place = name.partition("/")
        if not place:
            continue
        *country, city = place.replace("_", " ").split("/")
        groups.setdefault(region, []).append((name, f"{city} ({', '.join(country)})" if country else city))
    return [
        ("UTC", "UTC"),
        *((region, sorted(places, key=lambda p: p[1])) for region, places in sorted(groups.items())),
    ]


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError("Choose a time zone from the list.")


class Role(models.TextChoices):
    RUNNER = "runner", "Runner"
    PHYSIO = "physio", "Physiotherapist"


class Units(models.TextChoices):
    KM = "km", "Kilometres"
    MILES = "mi", "Miles"


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra) -> User:
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField("email address", unique=True)
    display_name = models.CharField(max_length=80, blank=True)
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.RUNNER)
    time_zone = models.CharField(
        max_length=64,
        default="Europe/London",
        validators=[validate_time_zone],
        help_text="Your day starts and ends at midnight in this time zone.",
    )
    units = models.CharField("distance units", max_length=2, choices=Units.choices, default=Units.KM)
    country = models.CharField(
        "country for emergency numbers",
        max_length=2,
        blank=True,
        validators=[validate_country],
        help_text="Whose emergency and urgent-care numbers you see. Empty: the site's default.",
    )
    # Physio accounts are checked by an admin before they may accept clients.
    physio_verified_at = models.DateTimeField("physio verified on", null=True, blank=True)
    # Notification preferences (opt-in). The labels here are the ones the profile form and the admin show.
    email_checkins = models.BooleanField(
        "run check-in emails",
        default=False,
        help_text="Email me 24 hours after a run to ask whether the pain has settled.",
    )
    reminder_enabled = models.BooleanField("daily reminder", default=False, help_text="Remind me daily to log my back.")
    reminder_time = models.TimeField(null=True, blank=True, help_text="Local time for the daily reminder.")
    # The runner's health background: conditions that stay true from day to day (a history of cancer,
    # osteoporosis or long-term steroids, a weakened immune system, a pars defect), asked once and edited on
    # triage's "Your health background" page. Codes from triage.rulebook.PROFILE_CONDITIONS (accounts
    # does not import triage; the page's form checks the codes).
    standing_conditions = models.JSONField(
        "health background", default=list, blank=True, help_text="Conditions that stay true from day to day."
    )

    is_active = models.BooleanField(
        "active", default=True, help_text="Can log in. Untick this instead of deleting the account."
    )
    is_staff = models.BooleanField("staff", default=False, help_text="Can log in to this admin site.")
    date_joined = models.DateTimeField("joined", default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.display_name or self.email

    @property
    def name(self) -> str:
        return self.display_name or self.email.split("@")[0]

    @property
    def is_runner(self) -> bool:
        return self.role == Role.RUNNER and not self.is_staff

    @property
    def is_physio(self) -> bool:
        return self.role == Role.PHYSIO

    @property
    def is_verified_physio(self) -> bool:
        return self.is_physio and self.physio_verified_at is not None

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def local_today(self):
        """The runner's current calendar day in their own time zone."""
        return timezone.localtime(timezone.now(), self.zone).date()


class LinkStatus(models.TextChoices):
    """A link is made active (an accepted invitation or a redeemed code) and may later be revoked."""

    ACTIVE = "active", "Active"
    REVOKED = "revoked", "Revoked"


class LinkVia(models.TextChoices):
    EMAIL = "email", "Invitation by email, accepted by the physio"
    CODE = "code", "One-time code from the physio, entered by the runner"


class CareLink(models.Model):
    """A runner's consent for one physio to see their journal. Only ACTIVE links grant access.

    ``public_id`` is the only id that appears in URLs (a random UUID, so it cannot be guessed).
    """

    public_id = models.UUIDField("ID in addresses", default=uuid.uuid4, unique=True, editable=False)
    runner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="care_links")
    physio = models.ForeignKey(User, on_delete=models.CASCADE, related_name="physio_links")
    status = models.CharField(max_length=10, choices=LinkStatus.choices, default=LinkStatus.ACTIVE)
    via = models.CharField("made by", max_length=5, choices=LinkVia.choices, default=LinkVia.EMAIL)
    created_at = models.DateTimeField("created", auto_now_add=True)
    accepted_at = models.DateTimeField("accepted", null=True, blank=True)
    ended_at = models.DateTimeField("ended", null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["runner", "physio"],
                condition=models.Q(status="active"),
                name="one_live_link_per_pair",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.runner} → {self.physio} ({self.status})"


class AuditAction(models.TextChoices):
    VIEW = "view", "Opened the journal"
    EXPORT = "export", "Downloaded the journal as CSV"
    FLAG_ACKNOWLEDGE = "flag_acknowledge", "Acknowledged a flag"
    FLAG_RESOLVE = "flag_resolve", "Resolved a flag"
    ADMIN_LINK_CHANGE = "admin_link", "An administrator changed a care link"
    REPORT = "report", "Downloaded a visit report"
    CASELOAD = "caseload", "Saw your summary on their caseload"


class AuditImmutableError(Exception):
    """Raised on any attempt to change or delete an audit record."""


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditImmutableError("Audit records cannot be changed.")

    def delete(self):
        raise AuditImmutableError("Audit records cannot be deleted.")


class AuditEvent(models.Model):
    """Who looked at or acted on whose journal, and when. Holds no journal content; append-only.

    The rows go only when the runner's own account is deleted (their data, erased with them). If the
    physio's account goes, ``actor`` becomes empty and ``actor_email`` still says who it was.
    """

    actor = models.ForeignKey(User, verbose_name="who", on_delete=models.SET_NULL, null=True, related_name="+")
    actor_email = models.EmailField("who (email address)")
    runner = models.ForeignKey(
        User, verbose_name="whose journal", on_delete=models.CASCADE, related_name="audit_events"
    )
    action = models.CharField("what", max_length=20, choices=AuditAction.choices)
    at = models.DateTimeField("when", default=timezone.now)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["runner", "-at"], name="audit_runner_at")]

    def __str__(self) -> str:
        return f"{self.actor_email}: {self.get_action_display().lower()} ({self.at:%Y-%m-%d %H:%M})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditImmutableError("Audit records cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditImmutableError("Audit records cannot be deleted.")
