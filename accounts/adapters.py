from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter

from core.net import client_address


class AccountAdapter(DefaultAccountAdapter):
    """Stores email addresses in lower case so that one person has one account.

    allauth's rate limits (failed logins, sign-ups) key on the same client address as the API and the
    link codes: core.net.client_address, behind TRUSTED_PROXY_COUNT proxies.
    """

    def get_client_ip(self, request) -> str:
        return client_address(request)

    def clean_email(self, email: str) -> str:
        return super().clean_email(email).strip().lower()
