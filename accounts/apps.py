from allauth.mfa.apps import MFAConfig
from django.apps import AppConfig


class AccountsConfig(AppConfig):
    default = True  # this module holds more than one AppConfig: "accounts" in INSTALLED_APPS means this one
    name = "accounts"
    verbose_name = "Users and care links"  # allauth's "account" app is "Accounts" already

    def ready(self) -> None:
        from allauth.mfa import signals as mfa_signals

        from accounts import receivers

        mfa_signals.authenticator_added.connect(
            receivers.count_setup_as_second_factor, dispatch_uid="accounts-mfa-added"
        )


class TwoFactorConfig(MFAConfig):
    """allauth's two-factor app under the glossary's name in the admin ("MFA" is a word docs/glossary.md rules
    out); its label stays "mfa", so its tables and migrations are allauth's own."""

    default = False
    verbose_name = "Two-factor login"
