"""Sign-up does the same work whether or not the address has an account (issue 20, finding 6).

The review timed 22-40 ms for a taken address and 66-113 ms for a new one: allauth makes no account for a
taken address, so it skipped the password hashing that dominates a sign-up (Argon2). Wall-clock time is too
noisy to test on a shared machine, so this counts the hashing instead; it failed on the old code (1 against 0).
"""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail
from django.urls import reverse

from accounts.models import User
from tests.factories import RunnerFactory


@pytest.fixture
def hashings(monkeypatch):
    """Counts passwords hashed (the tests' hasher is MD5, see tests/conftest.py; production's is Argon2id)."""
    calls = []
    encode = MD5PasswordHasher.encode

    def counting(self, password, salt):
        calls.append(password)
        return encode(self, password, salt)

    monkeypatch.setattr(MD5PasswordHasher, "encode", counting)
    return calls


def sign_up(client, email: str):
    return client.post(
        reverse("account_signup"),
        {
            "email": email,
            "password1": "a-long-enough-passphrase",
            "password2": "a-long-enough-passphrase",
            "display_name": "Sam",
            "role": "runner",
            "time_zone": "Europe/London",
        },
    )


@pytest.mark.django_db
def test_signing_up_with_a_taken_address_hashes_the_password_as_a_new_account_does(client, hashings):
    RunnerFactory(email="taken@example.com")
    hashings.clear()

    new = sign_up(client, "new@example.com")
    work_for_new = len(hashings)
    hashings.clear()
    client.logout()
    taken = sign_up(client, "taken@example.com")
    work_for_taken = len(hashings)

    assert work_for_new == work_for_taken == 1
    assert new.status_code == taken.status_code == 302
    assert new["Location"] == taken["Location"]  # the same next page: nothing tells them apart
    assert User.objects.filter(email="taken@example.com").count() == 1  # and no second account
    assert [m.to for m in mail.outbox] == [["new@example.com"], ["taken@example.com"]]
