from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "monitoring"
    label = "monitoring"
    verbose_name = "Red-flag monitoring"

    def ready(self) -> None:
        from journal.exporting import register_export_section
        from journal.panels import Panel, register_panel
        from journal.signals import journal_changed

        from . import panels, queueing, selectors

        def _queue_check(sender, *, runner_id: int, **kwargs) -> None:
            queueing.queue_runner_check(runner_id)  # looked up per call, so tests may patch it

        journal_changed.connect(_queue_check, dispatch_uid="monitoring.queue_check")
        register_panel(
            Panel(slot="status", template="monitoring/_dashboard_status.html", order=10, context=panels.status_context)
        )
        register_panel(
            Panel(slot="side", template="monitoring/_dashboard_panel.html", order=10, context=panels.safety_context)
        )
        # The runner's own export: notes pass through core.notes (no physio's acknowledge note).
        register_export_section("flags", selectors.flags_for_runner_export)
