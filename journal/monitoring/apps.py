from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "journal.monitoring"
    label = "monitoring"
    verbose_name = "Red-flag monitoring"
