"""allauth hooks: lower-case email addresses, mail that names the site from settings and links to SITE_URL, and
the address rules allauth's settings do not give: an address is someone's only once verified (sign-up, reset)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from allauth.account import forms as allauth_forms
from allauth.account.adapter import DefaultAccountAdapter, get_adapter
from allauth.account.models import EmailAddress
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from core.mail import absolute_url, format_subject, send_message_later
from core.net import client_address


@dataclass(frozen=True)
class Site:
    """Stands in for ``current_site`` in allauth's mail templates (which would otherwise show the request's host)."""

    name: str
    domain: str


def site() -> Site:
    return Site(name=settings.SITE_NAME, domain=urlsplit(settings.SITE_URL).netloc)


def on_site_url(url: str) -> str:
    """An absolute link that allauth built from the request's host, moved onto SITE_URL (path and query kept)."""
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return url
    return absolute_url(urlunsplit(("", "", parts.path, parts.query, parts.fragment)))


URL_KEYS = ("activate_url", "password_reset_url", "signup_url", "login_url")


class AccountAdapter(DefaultAccountAdapter):
    """Stores email addresses in lower case so that one person has one account.

    allauth's rate limits (failed logins, sign-ups) key on the same client address as the API and the
    link codes: core.net.client_address, behind TRUSTED_PROXY_COUNT proxies.
    """

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """An account with nothing to confirm itself with (no password and no authenticator app: an admin made
        its password unusable) is not asked first, so it can choose a password, as before allauth 65.22. Since
        65.22 allauth would answer 403 there: with mailed codes off (ACCOUNT_REAUTHENTICATION_METHODS) it has no
        way to ask."""
        user = getattr(self.request, "user", None)
        if user is not None and user.is_authenticated and not self.get_reauthentication_methods(user):
            return False
        return super().is_reauthentication_required(app=app, **kwargs)

    def get_client_ip(self, request) -> str:
        return client_address(request)

    def clean_email(self, email: str) -> str:
        return super().clean_email(email).strip().lower()

    def format_email_subject(self, subject: str) -> str:
        # allauth's hook for ACCOUNT_EMAIL_SUBJECT_PREFIX: the one format lives in core's sender.
        return format_subject(subject)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        context = {**context, "current_site": site(), "site_name": settings.SITE_NAME, "site_url": settings.SITE_URL}
        for key in URL_KEYS:
            if isinstance(context.get(key), str):
                context[key] = on_site_url(context[key])
        # Rendered here, sent by a task that retries while the mail server is down (core.mail): a sign-up or
        # a reset request is never turned into an error page by mail.
        context = {"request": allauth_context.request, "email": email, **context}
        send_message_later(self.render_mail(template_prefix, email, context))

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        return on_site_url(super().get_email_confirmation_url(request, emailconfirmation))

    def get_reset_password_from_key_url(self, key: str) -> str:
        return on_site_url(super().get_reset_password_from_key_url(key))


class LoginForm(allauth_forms.LoginForm):
    """allauth's log-in form in Backtrack's words (ACCOUNT_FORMS; kept here because allauth's forms module
    imports accounts.forms for the sign-up questions)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "remember" in self.fields:
            self.fields["remember"].label = "Keep me logged in on this device"
        self.fields["password"].help_text = ""  # the page links to "Forgotten your password?" itself


def address_is_claimed(email: str) -> bool:
    """Whether an address belongs to an account: verified on it, or its own sign-in address (unique per account).

    An unverified extra address on some account proves nothing, so it does not stop anyone signing up with it."""
    return (
        EmailAddress.objects.filter(email__iexact=email, verified=True).exists()
        or get_user_model().objects.filter(email__iexact=email).exists()
    )


def holds_verified(user, email: str) -> bool:
    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


class SignupForm(allauth_forms.SignupForm):
    """allauth's sign-up (ACCOUNT_FORMS) with two changes.

    - An address only unverified on another account is free: the sign-up makes a new account, and when its
      owner confirms the address the stale row elsewhere is removed (accounts.receivers). allauth would make
      no account and leave the address with whoever typed it first.
    - An address already taken costs the same hashing work as a new one: allauth then makes no account and
      hashes nothing, so the answer came back faster and told which addresses have accounts.
    """

    def validate_unique_email(self, value: str) -> str:
        if not address_is_claimed(value):
            self.account_already_exists = False
            return get_adapter().validate_unique_email(value)
        return super().validate_unique_email(value)

    def try_save(self, request):
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1") or "")  # what a new account's set_password costs
        return super().try_save(request)


class ResetPasswordForm(allauth_forms.ResetPasswordForm):
    """Resets go only to an address verified on the account (allauth also picks accounts holding it unverified,
    so whoever added someone else's address could have that person's click reset their own account)."""

    def clean_email(self) -> str:
        email = super().clean_email()
        self.users = [user for user in self.users if holds_verified(user, email)]
        return email
