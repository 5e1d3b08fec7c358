"""Forms for the journal: they check input and say what is wrong next to the field, nothing more."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import forms
from django.utils import timezone

from accounts.models import User
from journal.models import EARLIEST_DAY, ENTRY_FIELDS, SESSION_FIELDS, Entry, TrainingSession, field_limits
from journal.units import UNIT_LABEL, format_duration, from_metres, parse_duration, to_metres
from triage.codes import JOURNAL_SYMPTOMS, SIGN_GROUPS, PainSide, Symptom
from triage.rulebook import sign_tier

SYMPTOM_LABELS = dict(Symptom.choices)
YES_NO_UNSURE = [("", "Not sure / not tried"), ("true", "Yes"), ("false", "No")]
# The session form asks for distance and time in the runner's units, and converts them (clean_distance...).
SESSION_FORM_NAME = {"distance_m": "distance", "duration_s": "duration"}

ENTRY_LIMITS = field_limits(Entry)
SESSION_LIMITS = field_limits(TrainingSession)
PAIN_MIN, PAIN_MAX = ENTRY_LIMITS["pain"]
PAIN_CHOICES = [(n, str(n)) for n in range(PAIN_MIN, PAIN_MAX + 1)]
PAIN_MESSAGE = f"Choose a number from {PAIN_MIN} to {PAIN_MAX}."


def _to_bool(value: str) -> bool | None:
    return {"true": True, "false": False}.get(value)


def check_not_future(day: dt.date, runner: User) -> None:
    """A journal day is today or earlier where the runner is, and not before EARLIEST_DAY."""
    if day > runner.local_today():
        raise forms.ValidationError("That day has not happened yet where you are. Choose today or an earlier day.")
    if day < EARLIEST_DAY:
        raise forms.ValidationError(f"Choose a day from {EARLIEST_DAY.year} on.")


class SignCheckboxes(forms.CheckboxSelectMultiple):
    """One box per warning sign, each carrying its tier (emergency, urgent, see_clinician) for the warning."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["attrs"]["data-tier"] = sign_tier([value])[0] or ""
        return option


class EntryForm(forms.ModelForm):
    """The daily entry. ``runner`` is needed to judge "future" in their own time zone and duplicates."""

    day = forms.DateField(label="Day", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    pain = forms.TypedChoiceField(
        label="Back pain today (0 = none, 10 = worst imaginable)",
        choices=PAIN_CHOICES,
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "btn-check"}),
        error_messages={"invalid_choice": PAIN_MESSAGE},
    )
    pain_side = forms.ChoiceField(
        label="Where is it?", choices=[("", "Not recorded"), *PainSide.choices], required=False
    )
    normal_stride = forms.TypedChoiceField(
        label="Could you run in your normal stride?",
        choices=YES_NO_UNSURE,
        coerce=_to_bool,
        empty_value=None,
        required=False,
    )
    spasm = forms.TypedChoiceField(
        label="Sharp, grabbing pain when you move (spasm)?",
        choices=YES_NO_UNSURE,
        coerce=_to_bool,
        empty_value=None,
        required=False,
    )
    # Only signs that can be new on a day (triage.rulebook.DAILY_SIGNS): the standing conditions are the
    # runner's health background, asked once (triage's "Your health background" page).
    symptoms = forms.MultipleChoiceField(
        label="Any of these today?",
        choices=[(code, SYMPTOM_LABELS[code]) for code in JOURNAL_SYMPTOMS],
        widget=SignCheckboxes(attrs={"data-sign": "1"}),
        required=False,
    )

    def sign_groups(self) -> list[tuple[str, list]]:
        """The symptom boxes under the same group headings as the triage form."""
        boxes = {box.data["value"]: box for box in self["symptoms"]}
        groups = [(heading, [boxes[code] for code in codes if code in boxes]) for _group, heading, codes in SIGN_GROUPS]
        return [(heading, group) for heading, group in groups if group]  # the health background is not asked daily

    class Meta:
        model = Entry
        fields = ["day", *ENTRY_FIELDS]
        labels = {"morning_stiffness_min": "Morning stiffness (minutes)", "sleep_disturbed": "Pain disturbed my sleep"}
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, runner: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.runner = runner
        low, high = ENTRY_LIMITS["morning_stiffness_min"]
        self.fields["morning_stiffness_min"].widget.attrs.update({"min": low, "max": high, "inputmode": "numeric"})
        if self.instance.pk:
            self.fields["normal_stride"].initial = _bool_choice(self.instance.normal_stride)
            self.fields["spasm"].initial = _bool_choice(self.instance.spasm)
            self.initial["normal_stride"] = _bool_choice(self.instance.normal_stride)
            self.initial["spasm"] = _bool_choice(self.instance.spasm)

    def clean_day(self) -> dt.date:
        day = self.cleaned_data["day"]
        check_not_future(day, self.runner)
        others = Entry.objects.filter(runner=self.runner, day=day)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError("You already have an entry for this day. Edit that one instead.")
        return day


def _bool_choice(value: bool | None) -> str:
    return "" if value is None else ("true" if value else "false")


class QuickPainForm(forms.Form):
    """The dashboard's one-tap form for today's pain.

    The phone's offline queue adds what it knows: the ``day`` the pain was kept on with the phone's own
    ``phone_today`` (the day lands as many days back from the runner's today, so a phone in another time
    zone means the same day; at most OFFLINE_DAYS_BACK), and ``kept_at``, when it was kept (milliseconds
    since 1970), so that a day changed in the journal since keeps its newer pain."""

    OFFLINE_DAYS_BACK = 7

    pain = forms.TypedChoiceField(
        label="How is your back today? (0 = no pain, 10 = worst)",
        choices=PAIN_CHOICES,
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "btn-check"}),
        error_messages={"required": PAIN_MESSAGE, "invalid_choice": PAIN_MESSAGE},
    )
    pain_side = forms.ChoiceField(label="Where?", choices=[("", "Not recorded"), *PainSide.choices], required=False)
    day = forms.DateField(
        required=False, widget=forms.HiddenInput, error_messages={"invalid": "That day is not a date."}
    )
    phone_today = forms.DateField(
        required=False, widget=forms.HiddenInput, error_messages={"invalid": "That day is not a date."}
    )
    kept_at = forms.IntegerField(required=False, min_value=0, max_value=10**13, widget=forms.HiddenInput)

    def __init__(self, *args, today: dt.date, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def clean(self) -> dict:
        data = super().clean()
        if "day" not in self.errors and "phone_today" not in self.errors:
            kept_on = data.get("day")
            back = 0 if kept_on is None else ((data.get("phone_today") or self.today) - kept_on).days
            if 0 <= back <= self.OFFLINE_DAYS_BACK:
                data["day"] = self.today - dt.timedelta(days=back)
            else:
                self.add_error(
                    "day",
                    f"Pain can be sent for today or the last {self.OFFLINE_DAYS_BACK} days; "
                    "log an older day from the journal.",
                )
        kept_at = data.get("kept_at")
        if kept_at is not None:  # never later than now (a phone's clock may run ahead)
            data["kept_at"] = min(dt.datetime.fromtimestamp(kept_at / 1000, tz=dt.UTC), timezone.now())
        return data


class SessionForm(forms.ModelForm):
    """A run or workout. Distance is typed in the runner's unit; duration in minutes or h:mm:ss."""

    day = forms.DateField(label="Day", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    distance = forms.DecimalField(
        label="Distance",
        min_value=Decimal("0"),
        max_digits=7,
        decimal_places=2,
        required=False,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )
    duration = forms.CharField(
        label="Time (minutes, or h:mm:ss)", widget=forms.TextInput(attrs={"inputmode": "text", "placeholder": "45"})
    )

    class Meta:
        model = TrainingSession
        fields = ["day", *(SESSION_FORM_NAME.get(name, name) for name in SESSION_FIELDS)]
        labels = {
            "session_type": "Type",
            "rpe": "Effort (0 = rest, 10 = flat out)",
            "pain_during": "Back pain during (0-10)",
            "pain_after": "Back pain after (0-10)",
        }
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, runner: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.runner = runner
        self.unit = runner.units
        self.fields["distance"].label = f"Distance ({UNIT_LABEL[self.unit]})"
        self.fields["distance"].error_messages["min_value"] = "Distance cannot be negative."
        for name in ("rpe", "pain_during", "pain_after"):
            low, high = SESSION_LIMITS[name]
            self.fields[name].widget.attrs.update({"min": low, "max": high, "inputmode": "numeric"})
            message = f"Use a number from {low} to {high}."
            self.fields[name].error_messages.update({"min_value": message, "max_value": message})
        if self.instance.pk:
            self.initial["distance"] = from_metres(self.instance.distance_m, self.unit)
            self.initial["duration"] = format_duration(self.instance.duration_s)

    def clean_day(self) -> dt.date:
        day = self.cleaned_data["day"]
        check_not_future(day, self.runner)
        return day

    def clean_distance(self) -> int:
        value = self.cleaned_data.get("distance") or Decimal("0")
        metres = to_metres(value, self.unit)
        _, most = SESSION_LIMITS["distance_m"]
        if metres > most:
            limit = from_metres(most, self.unit, 0)
            raise forms.ValidationError(f"That is longer than {limit:g} {UNIT_LABEL[self.unit]}: check the number.")
        return metres

    def clean_duration(self) -> int:
        try:
            seconds = parse_duration(self.cleaned_data["duration"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc
        least, most = SESSION_LIMITS["duration_s"]
        if seconds < least:
            raise forms.ValidationError("The time must be more than zero.")
        if seconds > most:
            raise forms.ValidationError(f"That is more than {most // 3600} hours: check the time.")
        return seconds

    def session_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["distance_m"] = data.pop("distance")
        data["duration_s"] = data.pop("duration")
        return data


class CsvImportForm(forms.Form):
    file = forms.FileField(label="CSV file (entries or sessions, in the export's format)")

    def clean_file(self):
        from journal.importing.journal_csv import MAX_CSV_BYTES

        upload = self.cleaned_data["file"]
        if upload.size > MAX_CSV_BYTES:  # checked before anything is read into memory
            raise forms.ValidationError(f"The file is larger than {MAX_CSV_BYTES // (1024 * 1024)} MB.")
        return upload


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that takes several files at once (the pattern from Django's documentation)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".gpx,.tcx,.fit,.gz,.zip,.csv"}))
        kwargs.setdefault("allow_empty_file", True)  # an empty file is reported by name with the others
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        from journal.importing.jobs import MAX_FILES_PER_JOB

        single = super().clean
        if isinstance(data, list | tuple):
            if not data and self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            if len(data) > MAX_FILES_PER_JOB:
                raise forms.ValidationError(f"Choose at most {MAX_FILES_PER_JOB} files at a time.")
            return [single(d, initial) for d in data]
        return [single(data, initial)]


class WatchImportForm(forms.Form):
    files = MultipleFileField(
        label="Your Strava or Garmin export (.zip), or GPX, TCX or FIT files (.gz too; you can choose several)",
        error_messages={"required": "Choose at least one file."},
    )
