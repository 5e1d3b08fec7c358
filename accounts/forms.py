from __future__ import annotations

from django import forms
from django.utils.text import capfirst

from accounts.models import Role, User, time_zone_choices, time_zone_groups
from core.countries import country_choices


class SignupExtraForm(forms.Form):
    """Extra sign-up questions, added by allauth to its own sign-up form."""

    display_name = forms.CharField(
        max_length=80, required=False, label="Your name", help_text="Shown to you and to physios you invite."
    )
    role = forms.ChoiceField(
        choices=[(Role.RUNNER, "I run and want to track my back"), (Role.PHYSIO, "I am a physiotherapist")],
        initial=Role.RUNNER,
        widget=forms.RadioSelect,
        label="I am signing up as",
    )
    # Europe/London without JavaScript; static/js/time-zone.js picks the browser's own zone on a blank form.
    time_zone = forms.ChoiceField(
        choices=time_zone_groups,
        initial="Europe/London",
        label="Time zone",
        help_text="Where you are: it decides when your day starts and ends.",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:  # an answer sent back with an error stays as the runner chose it
            self.fields["time_zone"].widget.attrs["data-browser-time-zone"] = "preselect"

    def signup(self, request, user: User) -> None:
        user.display_name = self.cleaned_data["display_name"]
        user.role = self.cleaned_data["role"]
        user.time_zone = self.cleaned_data["time_zone"]
        user.save(update_fields=["display_name", "role", "time_zone"])


class ProfileForm(forms.ModelForm):
    """The runner's settings; the labels and help texts come from the model (one wording for here and the admin)."""

    time_zone = forms.ChoiceField(
        choices=time_zone_groups,
        label="Time zone",
        widget=forms.Select(attrs={"data-browser-time-zone": "offer"}),  # static/js/time-zone.js
    )
    country = forms.ChoiceField(
        choices=lambda: [("", "The site's default"), *country_choices()],
        required=False,
        label=capfirst(User._meta.get_field("country").verbose_name),
        help_text="Warnings show the emergency and urgent-care numbers for this country as tap-to-call links.",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        current = self.instance.time_zone
        if current and current not in dict(time_zone_choices()):  # an older choice stays choosable
            self.fields["time_zone"].choices = [(current, current.replace("_", " ")), *time_zone_groups()]

    class Meta:
        model = User
        fields = [
            "display_name",
            "time_zone",
            "units",
            "country",
            "email_checkins",
            "reminder_enabled",
            "reminder_time",
        ]
        widgets = {"reminder_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}

    def clean(self):
        data = super().clean()
        if data.get("reminder_enabled") and not data.get("reminder_time"):
            self.add_error("reminder_time", "Choose a time for the daily reminder, or turn the reminder off.")
        return data


class DeleteAccountForm(forms.Form):
    """The typed phrase, and the password: a session left open on a shared computer cannot delete the account."""

    password = forms.CharField(
        label="Your password", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    confirm = forms.CharField(
        label='Type "delete my account" to confirm',
        help_text="This permanently removes your account and everything you have logged. It cannot be undone.",
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password.")
        return password

    def clean_confirm(self) -> str:
        value = self.cleaned_data["confirm"].strip().lower()
        if value != "delete my account":
            raise forms.ValidationError('Type exactly "delete my account" to confirm.')
        return value
