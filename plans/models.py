"""A return-to-run plan: admin-edited stage templates, one plan per runner, and what the plan adds
to the journal (skipped sessions and the plan's own history). Sessions that were run are ordinary
journal sessions; the plan reads them, it does not copy them."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from core.publishing import Publishable
from journal.models import SessionType

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

# The session types a stage may plan (the article's building blocks).
PLANNED_TYPES = (
    SessionType.WALK,
    SessionType.RUN_WALK,
    SessionType.EASY,
    SessionType.LONG,
    SessionType.FARTLEK,
    SessionType.STAIRS,
)


def validate_weekdays(value) -> None:
    if (
        not isinstance(value, list)
        or not value
        or len(set(value)) != len(value)
        or not all(isinstance(d, int) and not isinstance(d, bool) and 0 <= d <= 6 for d in value)
    ):
        raise ValidationError("List the session days as numbers 0 (Monday) to 6 (Sunday), each once, e.g. [0, 2, 4].")


class SessionSpec(models.Model):
    """What one planned session is: type, minutes, and for run:walk the minutes of each."""

    session_type = models.CharField("type", max_length=16, choices=[(t.value, t.label) for t in PLANNED_TYPES])
    minutes = models.PositiveSmallIntegerField(
        "total minutes", validators=[MinValueValidator(5), MaxValueValidator(240)]
    )
    run_minutes = models.PositiveSmallIntegerField(
        "run minutes (run:walk)", default=0, validators=[MaxValueValidator(30)]
    )
    walk_minutes = models.PositiveSmallIntegerField(
        "walk minutes (run:walk)", default=0, validators=[MaxValueValidator(10)]
    )
    days = models.JSONField(
        "days", default=list, validators=[validate_weekdays], help_text="0 = Monday ... 6 = Sunday, e.g. [0, 2, 4]"
    )
    note = models.CharField(
        "in one line", max_length=160, blank=True, help_text="e.g. 'Easy, conversational pace; stairs instead of hills'"
    )

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        if self.session_type == SessionType.RUN_WALK and not (self.run_minutes and self.walk_minutes):
            raise ValidationError({"run_minutes": "A run:walk session needs both run and walk minutes."})


# The fields of a stage an admin edits as a draft before publishing it (the number is fixed once added).
STAGE_DRAFT_FIELDS = ("name", "session_type", "minutes", "run_minutes", "walk_minutes", "days", "note", "advice")


class StageTemplate(Publishable, SessionSpec):
    """One stage of the plan, from walking back to normal training.

    The columns are the published stage runners see. Admins edit a draft of ``STAGE_DRAFT_FIELDS``,
    preview it and publish it, and history records each published version, who published it and when:
    ``core.publishing``, as for the triage advice texts."""

    PUBLISHED_FIELDS = STAGE_DRAFT_FIELDS

    number = models.PositiveSmallIntegerField(unique=True, validators=[MinValueValidator(1)])
    name = models.CharField(max_length=80)
    advice = models.TextField(
        "what this stage is for", max_length=2000, help_text="Plain words, shown to the runner with the stage."
    )

    history = HistoricalRecords(excluded_fields=["draft"])

    class Meta:
        ordering = ["number"]
        verbose_name = "plan stage"

    def __str__(self) -> str:
        return f"Stage {self.number}: {self.name}"

    def publishing_title(self, values: dict | None = None) -> str:
        return f"Stage {self.number}: {(values or {}).get('name') or self.name}"

    def validate_publish(self) -> None:
        """The stage's own rules, and its place: plans move one stage at a time, so the published stages are
        always 1 to N and a stage is published only once every stage before it is."""
        self.full_clean(exclude=["number"])
        before = StageTemplate.objects.filter(number__lt=self.number, published_at__isnull=False).count()
        if before != self.number - 1:
            raise ValidationError(
                f"Publish stages 1 to {self.number - 1} first: plans reach stage {self.number} only from the one "
                "before."
            )


class PlanStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    PAUSED = "paused", "Paused by a physio"
    ENDED = "ended", "Ended"


class Plan(models.Model):
    """A runner's plan. At most one that is not ended per runner (the database says so)."""

    runner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plans")
    status = models.CharField(max_length=8, choices=PlanStatus.choices, default=PlanStatus.ACTIVE)
    stage = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1)])
    stage_since = models.DateField()  # sessions and entries from this local day on count for the stage
    started_on = models.DateField()
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Warning signs, urgent flags and worrying verdicts from before this moment no longer pause the plan:
    # the runner (or their physio) said they had been seen and cleared.
    cleared_at = models.DateTimeField(null=True, blank=True)
    hold = models.BooleanField(default=False)  # a physio asked to stay on this stage
    physio_note = models.CharField(max_length=300, blank=True)  # shown to the runner with a pause or hold
    # A physio's own session for this plan, in place of the stage's (blank: the stage's).
    custom_type = models.CharField(max_length=16, blank=True, choices=[(t.value, t.label) for t in PLANNED_TYPES])
    custom_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    custom_run_minutes = models.PositiveSmallIntegerField(default=0)
    custom_walk_minutes = models.PositiveSmallIntegerField(default=0)
    custom_days = models.JSONField(default=list, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["runner"], condition=~Q(status="ended"), name="one_current_plan_per_runner"
            ),
        ]

    def __str__(self) -> str:
        return f"Plan of {self.runner_id}, stage {self.stage} ({self.get_status_display().lower()})"


class SkipReason(models.TextChoices):
    PAIN = "pain", "Skipped: my back"
    OTHER = "other", "Skipped: something else"


class PlanSkip(models.Model):
    """A planned session the runner did not do (a session done is a journal session)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="skips")
    day = models.DateField()
    reason = models.CharField(max_length=8, choices=SkipReason.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["day"]
        constraints = [models.UniqueConstraint(fields=["plan", "day"], name="one_skip_per_plan_day")]

    def __str__(self) -> str:
        return f"{self.day}: {self.get_reason_display()}"


class PlanEvent(models.Model):
    """The plan's history: each start, stage change, pause, clearance and end, who did it and why."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=16)  # start, progress, step_back, move, hold, pause, resume, cleared, edit, end
    stage = models.PositiveSmallIntegerField()
    reasons = models.JSONField(default=list, blank=True)  # plain sentences
    data = models.JSONField(default=dict, blank=True)  # the numbers behind a decision

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d}: {self.kind} (stage {self.stage})"


# Exercise drawings are static files (simple SVG line drawings kept in the repository), never uploads:
# an uploaded SVG could carry a script. Admins choose one of these files, or none.
DRAWINGS_DIR = Path(settings.BASE_DIR) / "static" / "plans" / "exercises"


def drawing_choices() -> list[tuple[str, str]]:
    """One choice per SVG file under static/plans/exercises/ (its name without .svg, dashes as spaces)."""
    files = sorted(DRAWINGS_DIR.glob("*.svg")) if DRAWINGS_DIR.is_dir() else []
    return [(f.name, f.stem.replace("-", " ").capitalize()) for f in files]


class Exercise(models.Model):
    """An exercise admins edit (with history): what it is for, how to do it in plain steps, a drawing."""

    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=80)
    steps = models.TextField("how to do it (one step a line)", max_length=2000)
    sets = models.PositiveSmallIntegerField(default=2, validators=[MinValueValidator(1), MaxValueValidator(10)])
    reps = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(50)])  # 0: a hold
    hold_seconds = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(300)])
    for_stiff_hip = models.BooleanField(
        default=False, help_text="Given automatically when the likely cause is a stiff hip."
    )
    drawing = models.CharField(
        max_length=80,
        blank=True,
        choices=drawing_choices,
        help_text="A line drawing shown next to the steps (files under static/plans/exercises/), or none.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class Prescription(models.Model):
    """An exercise in a plan, with its dose and days: given automatically (no physio) or by a physio."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="prescriptions")
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="+")
    sets = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(10)])
    reps = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(50)])
    hold_seconds = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(300)])
    days = models.JSONField(default=list, validators=[validate_weekdays])
    prescribed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["plan", "exercise"], name="one_prescription_per_plan_exercise")]

    def __str__(self) -> str:
        return f"{self.exercise} in plan {self.plan_id}"


class ExerciseTick(models.Model):
    """The runner did a prescribed exercise on this day (one tap)."""

    prescription = models.ForeignKey(Prescription, on_delete=models.CASCADE, related_name="ticks")
    day = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["prescription", "day"], name="one_tick_per_prescription_day")]

    def __str__(self) -> str:
        return f"{self.day}: {self.prescription_id}"


GROC_CHOICES = [
    (-3, "Very much worse"),
    (-2, "Much worse"),
    (-1, "A little worse"),
    (0, "About the same"),
    (1, "A little better"),
    (2, "Much better"),
    (3, "Very much better"),
]


class Review(models.Model):
    """A Patient-Specific Functional Scale rating (up to three activities the back makes hard, each 0-10)
    at plan start, every two weeks and at plan end (``final``), with a global rating of change from the
    second one on."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="reviews")
    day = models.DateField()
    activities = models.JSONField(default=list)  # [{"name": "running downhill", "score": 4}, ...]
    groc = models.SmallIntegerField(
        "global rating of change",
        null=True,
        blank=True,
        choices=GROC_CHOICES,
        validators=[MinValueValidator(-3), MaxValueValidator(3)],
    )
    final = models.BooleanField(default=False)  # the rating at plan end
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["day"]
        constraints = [models.UniqueConstraint(fields=["plan", "day"], name="one_review_per_plan_day")]

    def __str__(self) -> str:
        return f"Review on {self.day}"

    @property
    def mean(self) -> float:
        scores = [a["score"] for a in self.activities]
        return round(sum(scores) / len(scores), 1) if scores else 0.0
