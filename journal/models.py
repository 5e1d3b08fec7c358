"""What a runner logs: one entry per local day, and any number of training sessions."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from triage.codes import LikelyCause, PainSide, Verdict
from triage.rulebook import PAIN_MAX, PAIN_MIN

# Each limit is written here once, as a validator on the field; forms, the importer and the fuzz tests
# read it back with field_limits() (or the field's ``max_length`` / ``choices``).
MAX_DISTANCE_M = 300_000  # 300 km: anything longer is a typo, not a run
MAX_DURATION_S = 48 * 3600  # 48 hours
MAX_STIFFNESS_MIN = 24 * 60  # a whole day
NOTES_MAX_LENGTH = 4000

# The 0-10 pain scale is the rulebook's (triage.rulebook.PAIN_MIN/PAIN_MAX), which the check's form and API read too.
pain_validators = [MinValueValidator(PAIN_MIN), MaxValueValidator(PAIN_MAX)]


def field_limits(model: type[models.Model]) -> dict[str, tuple[int | None, int | None]]:
    """``{field name: (lowest, highest)}`` for each number field of ``model``, read from its validators
    (the tightest bound wins, so a positive field's 0 and the database's integer range count too), and
    ``(None, max_length)`` for each text field with a length limit."""
    limits: dict[str, tuple[int | None, int | None]] = {}
    for field in model._meta.concrete_fields:
        if isinstance(field, models.IntegerField) and not field.primary_key and not field.is_relation:
            lows = [v.limit_value for v in field.validators if isinstance(v, MinValueValidator)]
            highs = [v.limit_value for v in field.validators if isinstance(v, MaxValueValidator)]
            limits[field.name] = (max(lows) if lows else None, min(highs) if highs else None)
        elif isinstance(field, models.CharField | models.TextField) and field.max_length:
            limits[field.name] = (None, field.max_length)
    return limits


def number_range(model: type[models.Model], name: str) -> tuple[int, int]:
    """``(lowest, highest)`` of a number field of ``model``, from its validators; every journal number is
    bounded on both sides, so an open end is a mistake in the model."""
    lowest, highest = field_limits(model)[name]
    if lowest is None or highest is None:
        raise ValueError(f"{model.__name__}.{name} has no limit on one side")
    return lowest, highest


# What a runner writes about a day, besides the day itself: the entry form, the services, both exports
# and the tests all read this one list.
ENTRY_FIELDS = (
    "pain",
    "pain_side",
    "normal_stride",
    "spasm",
    "symptoms",
    "morning_stiffness_min",
    "sleep_disturbed",
    "notes",
)


# What a runner writes about a session, besides its day: the session form (in the runner's units), the
# services, both exports and the tests all read this one list.
SESSION_FIELDS = (
    "session_type",
    "distance_m",
    "duration_s",
    "rpe",
    "pain_during",
    "pain_after",
    "notes",
)

EARLIEST_DAY = dt.date(1900, 1, 1)  # no journal day, typed or imported, is older


class Entry(models.Model):
    """How the runner's back was on one calendar day in their own time zone."""

    runner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="entries")
    day = models.DateField()
    pain = models.PositiveSmallIntegerField("back pain (0-10)", validators=pain_validators)
    pain_side = models.CharField("where", max_length=6, choices=PainSide.choices, blank=True)
    normal_stride = models.BooleanField("could run in my normal stride", null=True, blank=True)
    spasm = models.BooleanField("sharp, grabby pain when moving (spasm)", null=True, blank=True)
    symptoms = models.JSONField(default=list, blank=True)  # codes from triage.codes.JOURNAL_SYMPTOMS
    morning_stiffness_min = models.PositiveSmallIntegerField(
        "morning stiffness (minutes)", null=True, blank=True, validators=[MaxValueValidator(MAX_STIFFNESS_MIN)]
    )
    sleep_disturbed = models.BooleanField("sleep disturbed by pain", default=False)
    notes = models.TextField(blank=True, max_length=NOTES_MAX_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-day"]
        verbose_name_plural = "entries"
        constraints = [
            models.UniqueConstraint(fields=["runner", "day"], name="one_entry_per_runner_day"),
            models.CheckConstraint(condition=Q(pain__gte=PAIN_MIN, pain__lte=PAIN_MAX), name="entry_pain_0_10"),
        ]
        indexes = [models.Index(fields=["runner", "day"], name="entry_runner_day")]

    def __str__(self) -> str:
        return f"{self.day}: pain {self.pain}"


class SessionType(models.TextChoices):
    EASY = "easy", "Easy run"
    LONG = "long", "Long run"
    TEMPO = "tempo", "Tempo"
    INTERVALS = "intervals", "Intervals"
    FARTLEK = "fartlek", "Fartlek"
    HILLS = "hills", "Hills"
    STAIRS = "stairs", "Stairs"
    RUN_WALK = "run_walk", "Run:walk"
    RACE = "race", "Race"
    STRENGTH = "strength", "Strength"
    CROSS_TRAINING = "cross_training", "Cross-training"
    WALK = "walk", "Walk"


RUN_TYPES: frozenset[str] = frozenset(
    {
        SessionType.EASY,
        SessionType.LONG,
        SessionType.TEMPO,
        SessionType.INTERVALS,
        SessionType.FARTLEK,
        SessionType.HILLS,
        SessionType.STAIRS,
        SessionType.RUN_WALK,
        SessionType.RACE,
    }
)


class SessionSource(models.TextChoices):
    MANUAL = "manual", "Typed in"
    CSV = "csv", "CSV import"
    GPX = "gpx", "GPX file"
    TCX = "tcx", "TCX file"
    FIT = "fit", "FIT file"


class TrainingSession(models.Model):
    """One run, walk or workout. Distance is stored in metres and shown in the runner's unit."""

    runner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_sessions")
    day = models.DateField()
    started_at = models.DateTimeField(null=True, blank=True)  # known for watch imports; used to skip duplicates
    session_type = models.CharField("type", max_length=16, choices=SessionType.choices, default=SessionType.EASY)
    distance_m = models.PositiveIntegerField(
        "distance (metres)", default=0, validators=[MaxValueValidator(MAX_DISTANCE_M)]
    )
    duration_s = models.PositiveIntegerField(
        "duration (seconds)", validators=[MinValueValidator(1), MaxValueValidator(MAX_DURATION_S)]
    )
    rpe = models.PositiveSmallIntegerField("effort (RPE 0-10)", validators=pain_validators, default=3)
    pain_during = models.PositiveSmallIntegerField(null=True, blank=True, validators=pain_validators)
    pain_after = models.PositiveSmallIntegerField(null=True, blank=True, validators=pain_validators)
    notes = models.TextField(blank=True, max_length=NOTES_MAX_LENGTH)
    source = models.CharField(max_length=8, choices=SessionSource.choices, default=SessionSource.MANUAL)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-day", "-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["runner", "started_at"],
                condition=Q(started_at__isnull=False),
                name="one_session_per_runner_start",
            ),
            models.CheckConstraint(condition=Q(distance_m__lte=MAX_DISTANCE_M), name="session_distance_max"),
            models.CheckConstraint(
                condition=Q(duration_s__gte=1, duration_s__lte=MAX_DURATION_S), name="session_duration_range"
            ),
            models.CheckConstraint(condition=Q(rpe__lte=PAIN_MAX), name="session_rpe_0_10"),
        ]
        indexes = [models.Index(fields=["runner", "day"], name="session_runner_day")]

    def __str__(self) -> str:
        return f"{self.day}: {self.get_session_type_display()}"

    @property
    def is_run(self) -> bool:
        return self.session_type in RUN_TYPES


class SavedCheck(models.Model):
    """A triage result the runner chose to keep, with the exact advice text versions they were shown."""

    runner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_checks")
    day = models.DateField()  # the runner's local day when it was saved
    created_at = models.DateTimeField(auto_now_add=True)
    answers = models.JSONField(default=dict)  # the triage form's cleaned answers, as plain JSON
    verdict = models.CharField(max_length=16, choices=Verdict.choices)
    likely_cause = models.CharField(max_length=20, choices=LikelyCause.choices, blank=True)
    rule_ids = models.JSONField(default=list, blank=True)
    advice_versions = models.JSONField(default=list, blank=True)  # [{"code": ..., "version_id": ...}]

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["runner", "day"], name="savedcheck_runner_day")]

    def __str__(self) -> str:
        return f"{self.day}: {self.get_verdict_display()}"


class ImportJob(models.Model):
    """An upload of CSV or watch files, read by a Celery task (journal.run_import); the page polls it."""

    class Kind(models.TextChoices):
        CSV = "csv", "CSV file"
        WATCH = "watch", "Watch files"

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting for its turn"
        RUNNING = "running", "Reading the files"
        PAUSED = "paused", "Paused until tomorrow"
        DONE = "done", "Finished"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    runner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_jobs")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)  # the task touches it as it goes; a stale one is resumed
    paused_until = models.DateTimeField(null=True, blank=True)  # the day's activity budget renews then
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} import {self.public_id} ({self.status})"


class ImportFile(models.Model):
    """One uploaded file of an import, or one activity found in it; its bytes are dropped once read."""

    class State(models.TextChoices):
        WAITING = "waiting", "Waiting"
        IMPORTED = "imported", "Imported"
        SKIPPED = "skipped", "Skipped"
        REFUSED = "refused", "Not imported"
        UNPACKED = "unpacked", "Opened"

    class Role(models.TextChoices):
        UPLOAD = "upload", "As uploaded"
        WATCH = "watch", "A watch file found in the upload"
        SUMMARY = "summary", "A row of an activity list"

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="files")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=255)
    data = models.BinaryField(default=b"")
    state = models.CharField(max_length=8, choices=State.choices, default=State.WAITING)
    message = models.TextField(blank=True)
    errors = models.JSONField(default=list, blank=True)  # a refused CSV's line-by-line reasons
    role = models.CharField(max_length=8, choices=Role.choices, default=Role.UPLOAD)
    hint = models.JSONField(default=dict, blank=True)  # an export list's word on it (type, name) or its row
    legs = models.JSONField(default=list, blank=True)  # per activity: kind, outcome, reason, flags

    class Meta:
        ordering = ["job", "position"]
        constraints = [models.UniqueConstraint(fields=["job", "position"], name="one_import_file_per_position")]

    def __str__(self) -> str:
        return f"{self.name}: {self.state}"


class JournalVersion(models.Model):
    """A counter per runner, raised in the same transaction as every write to their entries, sessions,
    saved checks and plans (``journal.versions``). Derived history is cached under it: a new version is a
    new cache key, so nothing cached is ever shown after the journal changed."""

    runner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="journal_version"
    )
    version = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"journal version {self.version} of runner {self.runner_id}"
