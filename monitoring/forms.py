from __future__ import annotations

from django import forms


class DismissForm(forms.Form):
    note = forms.CharField(
        label="Why are you dismissing it?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
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
