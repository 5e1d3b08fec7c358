from django.apps import AppConfig


class ClinicConfig(AppConfig):
    name = "clinic"
    label = "clinic"
    verbose_name = "Physio workspace"

    def ready(self) -> None:
        from journal.panels import Panel, register_panel

        register_panel(Panel(slot="side", template="clinic/_dashboard_panel.html", order=20))
