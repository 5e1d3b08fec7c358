from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import dateformat

from core.forms import text_errors

MAX_ASSESSED_DAYS_AGO = 365


class DismissForm(forms.Form):
    note = forms.CharField(
        label="Why are you dismissing it?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages=text_errors("Say why you are dismissing it first.", 2000),
        help_text="For example: seen by my physio, it was a one-off. Your physio can read this note.",
    )


class CheckInAnswerForm(forms.Form):
    settled = forms.TypedChoiceField(
        choices=[("yes", "Settled"), ("no", "Not settled")],
        coerce=lambda value: value == "yes",
        error_messages={
            "required": "Choose settled or not settled.",
            "invalid_choice": "Choose settled or not settled.",
        },
    )


class AssessedForm(forms.Form):
    """ "I have been assessed by a clinician": how a runner with no linked physio closes an urgent flag."""

    assessed_on = forms.DateField(
        label="The day a clinician assessed you",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "Give the day you were assessed.", "invalid": "Give a date, like 2026-03-09."},
    )
    note = forms.CharField(
        label="Anything they said (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Kept with this flag. A physio you link with later can read it.",
    )

    def __init__(self, *args, today: dt.date, signs_from: dt.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.signs_from = signs_from

    def clean_assessed_on(self) -> dt.date:
        day = self.cleaned_data["assessed_on"]
        if day > self.today:
            raise forms.ValidationError("That day is in the future: give the day you were assessed.")
        if day < self.today - dt.timedelta(days=MAX_ASSESSED_DAYS_AGO):
            raise forms.ValidationError("Give a day within the last year.")
        if self.signs_from is not None and day < self.signs_from:
            raise forms.ValidationError(
                f"That is before the signs behind this flag (from {dateformat.format(self.signs_from, 'j F Y')}): "
                "give the day you were assessed for them."
            )
        return day
