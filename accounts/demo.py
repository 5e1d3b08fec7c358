"""Demo accounts for a fresh install: a runner, a physio and an admin."""

from __future__ import annotations

import secrets

from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.models import Role, User

DEMO_ACCOUNTS = [
    ("runner@demo.backtrack.local", "Robin Runner", Role.RUNNER, False),
    ("physio@demo.backtrack.local", "Dr Pat Physio", Role.PHYSIO, False),
    ("admin@demo.backtrack.local", "Ada Admin", Role.RUNNER, True),
]


def seed(out) -> None:
    """Creates any missing demo account and prints its password (shown this once only)."""
    for email, name, role, staff in DEMO_ACCOUNTS:
        if User.objects.filter(email=email).exists():
            continue
        password = secrets.token_urlsafe(12)
        user = User.objects.create_user(
            email,
            password,
            display_name=name,
            role=role,
            is_staff=staff,
            is_superuser=staff,
            physio_verified_at=timezone.now() if role == Role.PHYSIO else None,
        )
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        out.write(f"  demo {('admin' if staff else role):7} {email:32} password: {password}")
