"""One subject format for every mail the app can send: "[Backtrack] <subject>", made by core's sender
(core.mail.format_subject) whoever the caller (issue 21 §2, issue 22 §4)."""

from __future__ import annotations

import ast
import datetime as dt
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from allauth.core.context import request_context
from django.conf import settings
from django.core import mail
from django.test import RequestFactory

from accounts.adapters import AccountAdapter
from clinic import services as clinic_services
from core.mail import format_subject, send

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)
ONE_FORMAT = re.compile(r"^\[Backtrack\] (?!\[)\S.*\S$")  # one prefix, then the words; one line
APP_MAILS = sorted(p.parent.name for p in (ROOT / "templates" / "emails").glob("*/subject.txt"))
ACCOUNT_MAILS = sorted(
    p.name.removesuffix("_subject.txt") for p in (ROOT / "templates" / "account" / "email").glob("*_subject.txt")
)


@pytest.fixture(autouse=True)
def _site_name(settings):
    settings.SITE_NAME = "Backtrack"


def test_the_mail_lists_are_complete():
    # The names the issue mentions; a new message joins these lists by itself (they are read from disk).
    assert {"clinic_invitation", "clinic_message", "flag_opened_runner", "daily_reminder"} <= set(APP_MAILS)
    assert {"email_confirmation_signup", "password_reset_key", "password_changed"} <= set(ACCOUNT_MAILS)


# What the subject lines read (their bodies render with whatever else is missing left blank).
SUBJECT_CONTEXT = {
    "flag": SimpleNamespace(severity="urgent", get_kind_display="Leg symptoms logged"),
    "checkin": SimpleNamespace(run_day=dt.date(2026, 3, 10)),
}


@pytest.mark.parametrize("template", APP_MAILS)
def test_every_app_mail_has_the_one_subject_format(template):
    send(template, to="someone@example.com", context=SUBJECT_CONTEXT)
    (message,) = mail.outbox
    assert ONE_FORMAT.match(message.subject), message.subject


@pytest.mark.parametrize("template", ACCOUNT_MAILS)
def test_every_account_mail_has_the_one_subject_format(template, rf: RequestFactory):
    request = rf.get("/")
    with request_context(request):
        AccountAdapter(request).send_mail(f"account/email/{template}", "someone@example.com", {})
    (message,) = mail.outbox
    assert ONE_FORMAT.match(message.subject), message.subject


def test_the_confirmation_and_the_invitation_have_the_same_format(client, runner, django_capture_on_commit_callbacks):
    """The two the issue found apart: the sign-up confirmation had "[Backtrack]", the invitation had not."""
    client.post(
        "/accounts/signup/",
        {
            "email": "new@example.com",
            "display_name": "Nia New",
            "role": "runner",
            "time_zone": "Europe/London",
            "password1": "a-long-enough-passphrase",
            "password2": "a-long-enough-passphrase",
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        clinic_services.invitation_send(runner=runner, email="pat@example.com")
    confirmation, invitation = mail.outbox
    assert confirmation.subject == "[Backtrack] Confirm your email address to finish signing up"
    assert invitation.subject == "[Backtrack] A runner would like you to follow their back journal"


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ("How is your back today?", "[Backtrack] How is your back today?"),
        ("[Backtrack] How is your back today?", "[Backtrack] How is your back today?"),
        ("  [Backtrack]   Urgent:\n Leg symptoms ", "[Backtrack] Urgent: Leg symptoms"),
    ],
)
def test_format_subject_gives_one_prefix_on_one_line(subject, expected):
    assert format_subject(subject) == expected


SENDERS = {"send_mail", "send_mass_mail", "mail_admins", "mail_managers", "EmailMessage", "EmailMultiAlternatives"}


def test_no_module_but_cores_sender_sends_mail():
    """Every mail goes through core.mail (which formats the subject); the account adapter's ``send_mail`` is
    allauth's hook and hands its message to core.mail.send_message_later."""
    offenders = []
    for path in ROOT.glob("*/**/*.py"):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith((".venv/", "tests/", "core/mail.py", "node_modules/")) or "/node_modules/" in rel:
            continue
        tree = ast.parse(path.read_text(), filename=rel)
        for node in ast.walk(tree):
            name = (
                node.func.attr
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                else node.func.id
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                else None
            )
            if name in SENDERS:
                offenders.append(f"{rel}:{node.lineno} {name}")
            if isinstance(node, ast.ImportFrom) and node.module == "django.core.mail":
                offenders.append(f"{rel}:{node.lineno} imports django.core.mail")
    assert offenders == []
