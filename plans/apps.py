from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "plans"
    label = "plans"
    verbose_name = "Return-to-run plans"

    def ready(self) -> None:
        from journal.exporting import CsvExport, register_csv_export, register_export_section
        from journal.panels import Panel, register_panel

        from .models import ExerciseTick, PlanEvent, Review
        from .selectors import MEASURE_COLUMNS, measure_rows

        register_panel(Panel(slot="plan", template="plans/_dashboard_card.html", order=10))
        register_export_section(
            "plan_events",
            lambda runner: PlanEvent.objects.filter(plan__runner=runner)
            .order_by("at", "id")
            .values("at", "kind", "stage", "reasons"),
        )
        register_export_section(
            "exercise_ticks",
            lambda runner: ExerciseTick.objects.filter(prescription__plan__runner=runner)
            .order_by("day", "id")
            .values("day", "prescription__exercise__title"),
        )
        register_export_section(
            "psfs_reviews",
            lambda runner: Review.objects.filter(plan__runner=runner)
            .order_by("day")
            .values("day", "activities", "groc", "final"),
        )
        # PSFS with its mean and change (and the 2-point MCID), global rating of change, adherence per week
        # and episode length: the same rows in the JSON export and in a CSV of their own.
        register_export_section("measures", measure_rows)
        register_csv_export(
            CsvExport(name="measures", title="Progress measures", columns=MEASURE_COLUMNS, rows=measure_rows)
        )
