from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Stores email addresses in lower case so that one person has one account."""

    def clean_email(self, email: str) -> str:
        return super().clean_email(email).strip().lower()
