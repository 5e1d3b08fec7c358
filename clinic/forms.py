from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from clinic.models import MESSAGE_MAX_LENGTH, NOTE_MAX_LENGTH, ClinicalNote
from core.forms import text_errors
from monitoring.models import FlagKind, Severity
from plans.forms import ReportForm


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
        error_messages=text_errors("Write the note first.", NOTE_MAX_LENGTH),
        help_text="Only physios linked to this client can read it; the client cannot.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MessageForm(forms.Form):
    body = forms.CharField(
        label="Message",
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=text_errors("Write your message first.", MESSAGE_MAX_LENGTH),
    )


class FlagNoteForm(forms.Form):
    note = forms.CharField(
        label="Note",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages=text_errors("Write a note first: what you saw, did or decided.", 2000),
        help_text=(
            "Who reads it: with Acknowledge, only physios linked to this client. "
            "With Resolve, the client too: it is shown with the flag in their own list of flags."
        ),
    )


class CaseloadFilterForm(forms.Form):
    q = forms.CharField(label="Search by name", required=False, max_length=80)
    kind = forms.ChoiceField(label="Flag", required=False, choices=[("", "Any flag kind"), *FlagKind.choices])
    severity = forms.ChoiceField(label="Severity", required=False, choices=[("", "Any severity"), *Severity.choices])


class NoteChoiceField(forms.ModelMultipleChoiceField):
    """Notes by their public id; anything that is not one of this client's notes gets the same message."""

    def _check_values(self, value):
        try:
            return super()._check_values(value)
        except ValidationError as exc:
            if exc.code in ("invalid_choice", "invalid_pk_value", "invalid_list", "null_characters_not_allowed"):
                raise
            raise ValidationError(self.error_messages["invalid_pk_value"], code="invalid_pk_value") from exc


class ReportNotesForm(ReportForm):
    """The physio's visit report: a period, and the clinical notes of that period to include (none are
    ticked at first: notes are private to the physios, so each one in a report is a choice)."""

    notes = NoteChoiceField(
        queryset=ClinicalNote.objects.none(),
        to_field_name="public_id",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Clinical notes to include",
        error_messages={
            "invalid_choice": "Choose notes about this client from the list.",
            "invalid_pk_value": "Choose notes about this client from the list.",
        },
    )

    def __init__(self, *args, runner, **kwargs):
        super().__init__(*args, **kwargs)
        self.runner = runner
        self.fields["notes"].queryset = ClinicalNote.objects.filter(runner=runner).select_related("author")

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and not self.errors:
            zone = self.runner.zone
            if any(not start <= timezone.localtime(n.created_at, zone).date() <= end for n in data.get("notes", [])):
                self.add_error("notes", "Choose notes written in the report's period.")
        return data
