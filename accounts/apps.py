from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Users and care links"  # allauth's "account" app is "Accounts" already
