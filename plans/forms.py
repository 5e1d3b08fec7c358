"""Forms of the plan pages. Limits come from the models and the progression rule's pain scale."""

from __future__ import annotations

from django import forms

from journal.models import TrainingSession, number_range
from plans.models import GROC_CHOICES, PLANNED_TYPES, WEEKDAYS, Exercise, Prescription, StageTemplate
from plans.services import DONE, DONE_HURT, SKIPPED_OTHER, SKIPPED_PAIN
from triage.codes import LikelyCause


def _bounds(model, name: str) -> dict[str, int]:
    """A number field's limits as the model's validators give them (journal.models.number_range)."""
    lowest, highest = number_range(model, name)
    return {"min_value": lowest, "max_value": highest}


PAIN_LOW, PAIN_HIGH = number_range(TrainingSession, "pain_during")
PAIN_CHOICES = [(n, str(n)) for n in range(PAIN_LOW, PAIN_HIGH + 1)]


class StartForm(forms.Form):
    """A runner starts their own plan: from a triage result (walk_instead or easy_run) or the dashboard."""

    source = forms.ChoiceField(
        choices=[("dashboard", "dashboard"), ("walk_instead", "walk_instead"), ("easy_run", "easy_run")],
        required=False,
    )
    likely_cause = forms.ChoiceField(choices=[("", ""), *LikelyCause.choices], required=False)

    def stage(self) -> int:
        # Walk first when the answer was to walk; straight to run:walk 1:1 when an easy run was fine.
        return 2 if self.cleaned_data.get("source") == "easy_run" else 1


class LogForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=[
            (DONE, "Done as planned"),
            (DONE_HURT, "Done, it hurt"),
            (SKIPPED_PAIN, "Skipped: my back"),
            (SKIPPED_OTHER, "Skipped: something else"),
        ],
        error_messages={"required": "Choose how the session went.", "invalid_choice": "Choose how the session went."},
    )
    pain_during = forms.TypedChoiceField(
        label="Pain during the session (0-10)",
        choices=PAIN_CHOICES,
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": f"Choose a number from {PAIN_LOW} to {PAIN_HIGH}."},
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("outcome") in (DONE, DONE_HURT)
            and data.get("pain_during") is None
            and "pain_during" not in self.errors
        ):
            self.add_error("pain_during", "Choose how much your back hurt during the session (0 to 10).")
        return data


class DecisionForm(forms.Form):
    expected = forms.ChoiceField(
        choices=[("progress", "progress"), ("step_back", "step_back"), ("complete", "complete")]
    )


class PhysioStartForm(forms.Form):
    stage = forms.IntegerField(min_value=1, max_value=99, initial=1)
    since = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))


class PlanEditForm(forms.Form):
    stage = forms.IntegerField(min_value=1, max_value=99)
    hold = forms.BooleanField(required=False, label="Hold on this stage (do not move on)")
    note = forms.CharField(required=False, max_length=300, label="Note to the runner")
    session_type = forms.ChoiceField(
        required=False,
        label="Own session: type (blank: the stage's)",
        choices=[("", "The stage's session"), *[(t.value, t.label) for t in PLANNED_TYPES]],
    )
    minutes = forms.IntegerField(required=False, **_bounds(StageTemplate, "minutes"), label="Minutes")
    run_minutes = forms.IntegerField(
        required=False, **_bounds(StageTemplate, "run_minutes"), label="Run minutes (run:walk)"
    )
    walk_minutes = forms.IntegerField(
        required=False, **_bounds(StageTemplate, "walk_minutes"), label="Walk minutes (run:walk)"
    )
    days = forms.TypedMultipleChoiceField(
        required=False,
        coerce=int,
        choices=list(enumerate(WEEKDAYS)),
        widget=forms.CheckboxSelectMultiple,
        label="Days",
    )

    def clean(self):
        data = super().clean()
        if data.get("session_type"):
            if not data.get("minutes"):
                self.add_error("minutes", "Say how many minutes the session lasts.")
            if not data.get("days"):
                self.add_error("days", "Choose at least one day.")
            if data["session_type"] == "run_walk" and not (data.get("run_minutes") and data.get("walk_minutes")):
                self.add_error("run_minutes", "A run:walk session needs both run and walk minutes.")
        return data

    def custom(self) -> dict | None:
        data = self.cleaned_data
        if not data.get("session_type"):
            return None
        return {k: data.get(k) for k in ("session_type", "minutes", "run_minutes", "walk_minutes", "days")}


class PauseForm(forms.Form):
    note = forms.CharField(required=False, max_length=300, label="Why (shown to the runner)")


class PrescribeForm(forms.Form):
    exercise = forms.ModelChoiceField(queryset=Exercise.objects.all(), empty_label=None)
    sets = forms.IntegerField(**_bounds(Prescription, "sets"))
    reps = forms.IntegerField(**_bounds(Prescription, "reps"), required=False)
    hold_seconds = forms.IntegerField(**_bounds(Prescription, "hold_seconds"), required=False, label="Hold (seconds)")
    days = forms.TypedMultipleChoiceField(
        coerce=int,
        choices=list(enumerate(WEEKDAYS)),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one day."},
    )

    def clean(self):
        data = super().clean()
        data["reps"] = data.get("reps") or 0
        data["hold_seconds"] = data.get("hold_seconds") or 0
        if not self.errors and not (data["reps"] or data["hold_seconds"]):
            self.add_error("reps", "Give the repetitions, or a hold in seconds.")
        return data


class ReviewForm(forms.Form):
    """The PSFS: at the first review the runner names up to three activities and rates each; later they
    rate the same ones again and add a global rating of change."""

    def __init__(self, *args, names: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.names = names or []
        score = {"choices": PAIN_CHOICES, "coerce": int, "empty_value": None}
        messages = {"invalid_choice": "Choose a number from 0 to 10.", "required": "Choose a number from 0 to 10."}
        if self.names:
            for n, name in enumerate(self.names, start=1):
                self.fields[f"score_{n}"] = forms.TypedChoiceField(label=name, error_messages=messages, **score)
            self.fields["groc"] = forms.TypedChoiceField(
                label="Since your plan started, your back is ...",
                choices=GROC_CHOICES,
                coerce=int,
                error_messages={
                    "required": "Choose how your back has changed.",
                    "invalid_choice": "Choose how your back has changed.",
                },
            )
        else:
            for n in range(1, 4):
                self.fields[f"name_{n}"] = forms.CharField(
                    label=f"Activity {n}",
                    max_length=60,
                    required=n == 1,
                    strip=True,
                    error_messages={"required": "Name at least one activity your back makes hard."},
                )
                self.fields[f"score_{n}"] = forms.TypedChoiceField(
                    label=f"How well can you do activity {n}? (0 = not at all, 10 = as before)",
                    required=False,
                    error_messages=messages,
                    **score,
                )

    def clean(self):
        data = super().clean()
        if not self.names:
            for n in range(1, 4):
                if data.get(f"name_{n}") and data.get(f"score_{n}") is None and f"score_{n}" not in self.errors:
                    self.add_error(f"score_{n}", "Choose a number from 0 to 10.")
        return data

    def activities(self) -> list[dict]:
        data = self.cleaned_data
        if self.names:
            return [{"name": name, "score": data[f"score_{n}"]} for n, name in enumerate(self.names, start=1)]
        return [{"name": data[f"name_{n}"], "score": data[f"score_{n}"]} for n in range(1, 4) if data.get(f"name_{n}")]


class ReportForm(forms.Form):
    start = forms.DateField(label="From")
    end = forms.DateField(label="To")

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end > self.today:
                self.add_error("end", "The period cannot end in the future.")
            elif start > end:
                self.add_error("start", "The period must start before it ends.")
            elif (end - start).days >= 366:
                self.add_error("start", "Choose a period of a year or less.")
        return data
