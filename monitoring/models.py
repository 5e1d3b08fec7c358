"""Flags: worrying trends found in a runner's journal, opened once and handled by people."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from triage.rulebook import FLAG_SEVERITY_OF_TIER, SignTier


class FlagKind(models.TextChoices):
    EMERGENCY_SYMPTOMS = "emergency_symptoms", "Emergency warning signs logged"
    SERIOUS_CAUSE_SIGNS = "serious_cause_signs", "Signs of a possible serious cause logged"
    SEVERE_PAIN = "severe_pain", "Severe pain"
    LEG_SYMPTOMS = "leg_symptoms", "Leg symptoms logged"
    PERSISTENT_HIGH_PAIN = "persistent_high_pain", "Pain staying high"
    NOT_IMPROVING = "not_improving", "Pain not improving"
    RUN_PAIN = "run_pain", "Pain during or after runs"
    NIGHT_PAIN = "night_pain", "Night pain"
    NOT_SETTLING_24H = "not_settling_24h", "Pain not settling the day after a run"
    WORSENING_WEEK_ON_WEEK = "worsening_week_on_week", "Pain getting worse"
    NOT_FREEING_UP = "not_freeing_up", "Back not freeing up"
    LOAD_SPIKE = "load_spike", "A much longer run while in pain"


class Severity(models.TextChoices):
    """One vocabulary everywhere (panel, flags page, emails, physio pages): urgent, review, advice."""

    URGENT = "urgent", "Urgent"
    REVIEW = "review", "Review"
    ADVISORY = "advisory", "Advice"  # the stored value stays "advisory" (the scan_flags --json contract)


# Flags raised by warning signs take the severity of the tier triage gives those signs (the rulebook's
# FLAG_SEVERITY_OF_TIER): leg symptoms are "see a clinician" in triage, so a review here, never urgent.
SIGN_TIER_OF: dict[str, str] = {
    FlagKind.EMERGENCY_SYMPTOMS: SignTier.EMERGENCY,
    FlagKind.SERIOUS_CAUSE_SIGNS: SignTier.URGENT,
    FlagKind.LEG_SYMPTOMS: SignTier.SEE_CLINICIAN,
}

SEVERITY_OF: dict[str, str] = {
    **{kind: Severity(FLAG_SEVERITY_OF_TIER[tier]) for kind, tier in SIGN_TIER_OF.items()},
    FlagKind.SEVERE_PAIN: Severity.REVIEW,
    FlagKind.PERSISTENT_HIGH_PAIN: Severity.REVIEW,
    FlagKind.NOT_IMPROVING: Severity.REVIEW,
    FlagKind.RUN_PAIN: Severity.REVIEW,
    FlagKind.NIGHT_PAIN: Severity.REVIEW,
    FlagKind.NOT_SETTLING_24H: Severity.REVIEW,
    FlagKind.WORSENING_WEEK_ON_WEEK: Severity.REVIEW,
    FlagKind.NOT_FREEING_UP: Severity.ADVISORY,
    FlagKind.LOAD_SPIKE: Severity.ADVISORY,
}

# The history event of a scan that found an open warning-sign flag's signs worse (it is announced again).
WORSE_ACTION = "worse"

SEVERITY_RANK: dict[str, int] = {Severity.URGENT: 0, Severity.REVIEW: 1, Severity.ADVISORY: 2}


class FlagStatus(models.TextChoices):
    OPEN = "open", "Open"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    RESOLVED = "resolved", "Resolved"


class CloseReason(models.TextChoices):
    """Why a flag left the open state (shown to the runner and to physios)."""

    CLINICIAN = "clinician", "A clinician reviewed it"
    RUNNER_DISMISSED = "runner_dismissed", "Dismissed by the runner"
    RUNNER_ASSESSED = "runner_assessed", "The runner has been assessed by a clinician"
    NO_LONGER_SEEN = "no_longer_seen", "No longer seen in your journal"


NO_LONGER_SEEN_NOTE = "No longer seen in your journal."


class Flag(models.Model):
    runner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="flags")
    kind = models.CharField(max_length=32, choices=FlagKind.choices)
    severity = models.CharField(max_length=10, choices=Severity.choices)
    status = models.CharField(max_length=14, choices=FlagStatus.choices, default=FlagStatus.OPEN)
    opened_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    evidence = models.JSONField(default=dict)  # the numbers that raised it
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledge_note = models.TextField(blank=True, max_length=2000)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolve_note = models.TextField(blank=True, max_length=2000)
    # Set once, by whoever claims the "flag opened" emails (a conditional update: exactly one sender).
    notified_at = models.DateTimeField(null=True, blank=True)
    close_reason = models.CharField(max_length=20, choices=CloseReason.choices, blank=True)
    # The day a runner with no linked physio says a clinician assessed them (their note is resolve_note).
    assessed_on = models.DateField(null=True, blank=True)
    # What happened to the flag, oldest first: [{"at", "action", "by", "note", "on"}] (monitoring.flags).
    history = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-opened_at"]
        constraints = [
            # One open flag per runner and kind, enforced by the database.
            models.UniqueConstraint(
                fields=["runner", "kind"], condition=Q(status="open"), name="one_open_flag_per_runner_kind"
            ),
        ]
        indexes = [models.Index(fields=["runner", "status"], name="flag_runner_status")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.state_label.lower()})"

    @property
    def state_label(self) -> str:
        """The flag's state in the glossary's words: open, acknowledged, resolved, or dismissed (resolved by
        the runner themselves)."""
        if self.status == FlagStatus.RESOLVED and self.close_reason == CloseReason.RUNNER_DISMISSED:
            return "Dismissed"
        return self.get_status_display()

    @property
    def runner_may_dismiss(self) -> bool:
        """Runners may close review and advisory flags themselves; urgent ones need a clinician."""
        return self.status == FlagStatus.OPEN and self.severity != Severity.URGENT

    @property
    def announced_as_worse(self) -> bool:
        """Its newest event is "worse": its signs got worse while it was open, so it is announced again."""
        return bool(self.history) and self.history[-1].get("action") == WORSE_ACTION


class CheckIn(models.Model):
    """A question asked 24 hours after a logged run: has the pain settled? The answer feeds the rules."""

    runner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="checkins")
    session = models.OneToOneField("journal.TrainingSession", on_delete=models.CASCADE, related_name="checkin")
    run_day = models.DateField()  # the run's local day (copied so the rules need no join)
    due_at = models.DateTimeField()
    emailed_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    settled = models.BooleanField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-due_at"]
        indexes = [models.Index(fields=["runner", "due_at"], name="checkin_runner_due")]

    def __str__(self) -> str:
        return f"Check-in for the run on {self.run_day}"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None


class ReminderLog(models.Model):
    """The last local day a daily logging reminder went to this runner (at most one a day)."""

    runner = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    last_sent_on = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Reminder last sent on {self.last_sent_on}"


class ScanNight(models.Model):
    """The claim on one night's scan, so that a second beat started by mistake cannot queue it again."""

    night = models.DateField(unique=True)  # the UTC date the scan ran for
    claimed_at = models.DateTimeField()
    queued_at = models.DateTimeField(null=True, blank=True)  # every batch was queued
    batches = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"Scan of {self.night}"
