from allauth.mfa.apps import MFAConfig
from django.apps import AppConfig


class AccountsConfig(AppConfig):
    default = True  # this module holds more than one AppConfig: "accounts" in INSTALLED_APPS means this one
    name = "accounts"
    verbose_name = "Users and care links"  # allauth's "account" app is "Accounts" already

    def ready(self) -> None:
        from allauth.account import signals as account_signals
        from allauth.mfa import signals as mfa_signals
        from django.contrib.auth.signals import user_logged_in

        from accounts import receivers

        user_logged_in.connect(receivers.note_second_factor_at_login, dispatch_uid="accounts-second-factor-at-login")
        mfa_signals.authenticator_added.connect(
            receivers.count_setup_as_second_factor, dispatch_uid="accounts-mfa-added"
        )
        account_signals.email_confirmed.connect(receivers.drop_stale_copies, dispatch_uid="accounts-stale-copies")
        account_signals.email_added.connect(
            receivers.tell_the_account_an_address_was_added, dispatch_uid="accounts-address-added"
        )


class TwoFactorConfig(MFAConfig):
    """allauth's two-factor app under the glossary's name in the admin ("MFA" is a word docs/glossary.md rules
    out); its label stays "mfa", so its tables and migrations are allauth's own."""

    default = False
    verbose_name = "Two-factor login"
