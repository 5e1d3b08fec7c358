"""allauth hooks: lower-case email addresses, and mail that names the site from settings and links to SITE_URL."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from allauth.account import forms as allauth_forms
from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings

from core.mail import absolute_url, send_message_later
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

    def get_client_ip(self, request) -> str:
        return client_address(request)

    def clean_email(self, email: str) -> str:
        return super().clean_email(email).strip().lower()

    def format_email_subject(self, subject: str) -> str:
        return f"[{settings.SITE_NAME}] {subject}"

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
