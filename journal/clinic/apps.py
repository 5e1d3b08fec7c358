from django.apps import AppConfig


class ClinicConfig(AppConfig):
    name = "journal.clinic"
    label = "clinic"
    verbose_name = "Physio workspace"
