from __future__ import annotations

from django import forms

from clinic.models import MESSAGE_MAX_LENGTH, NOTE_MAX_LENGTH
from monitoring.models import FlagKind, Severity


class InviteForm(forms.Form):
    email = forms.EmailField(
        label="Your physio's email address",
        help_text="They get an email; nothing is shared until they accept.",
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code from your physio",
        max_length=20,
        help_text="Eight letters and numbers, for example ABCD-2345. Your physio sees your journal as soon as you add it.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class NoteForm(forms.Form):
    body = forms.CharField(
        label="Private clinical note",
        max_length=NOTE_MAX_LENGTH,
        help_text="Only physios linked to this client can read it; the client cannot.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MessageForm(forms.Form):
    body = forms.CharField(label="Message", max_length=MESSAGE_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3}))


class FlagNoteForm(forms.Form):
    note = forms.CharField(
        label="Note",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=(
            "Who reads it: with Acknowledge, only physios linked to this client. "
            "With Resolve, the client too: it is shown with the flag in their own list of flags."
        ),
    )


class CaseloadFilterForm(forms.Form):
    q = forms.CharField(label="Search by name", required=False, max_length=80)
    kind = forms.ChoiceField(label="Flag", required=False, choices=[("", "Any flag kind"), *FlagKind.choices])
    severity = forms.ChoiceField(label="Severity", required=False, choices=[("", "Any severity"), *Severity.choices])
