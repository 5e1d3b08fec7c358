from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "plans"
    label = "plans"
    verbose_name = "Return-to-run plans"

    def ready(self) -> None:
        from journal.exporting import register_export_section
        from journal.panels import Panel, register_panel

        from .models import ExerciseTick, PlanEvent, Review

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
            .values("day", "activities", "groc"),
        )
