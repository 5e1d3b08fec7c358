from django.apps import AppConfig


def _runner_of_plan_row(instance) -> int | None:
    """The runner of a row that belongs to a plan (its plan, when loaded already; else one query)."""
    from .models import Plan

    plan = instance._state.fields_cache.get("plan")
    if plan is not None:
        return plan.runner_id
    return Plan.objects.filter(pk=instance.plan_id).values_list("runner_id", flat=True).first()


def _runner_of_tick(instance) -> int | None:
    from .models import Plan

    return Plan.objects.filter(prescriptions=instance.prescription_id).values_list("runner_id", flat=True).first()


def offer_plan_from_result(request, assessment) -> bool:
    from .selectors import plan_offer_open

    user = getattr(request, "user", None)
    return (
        assessment.verdict in ("walk_instead", "easy_run")
        and getattr(user, "is_authenticated", False)
        and user.is_runner
        # one query, for a signed-in runner with one of those results only: no plan under way, and no check
        # saved in the last two weeks that said to see a clinician or more
        and plan_offer_open(user)
    )


class PlansConfig(AppConfig):
    name = "plans"
    label = "plans"
    verbose_name = "Return-to-run plans"

    def ready(self) -> None:
        from journal.exporting import CsvExport, register_csv_export, register_export_section
        from journal.panels import Panel, register_panel
        from journal.versions import track
        from triage.offers import Offer, register_offer

        from .models import ExerciseTick, Plan, PlanEvent, PlanSkip, Prescription, Review
        from .panels import card_context
        from .selectors import MEASURE_COLUMNS, measure_rows

        register_panel(Panel(slot="plan", template="plans/_dashboard_card.html", order=10, context=card_context))
        # A plan is part of the runner's journal: every write to it raises their journal version.
        track(Plan, lambda plan: plan.runner_id)
        for model in (PlanSkip, PlanEvent, Prescription, Review):
            track(model, _runner_of_plan_row)
        track(ExerciseTick, _runner_of_tick)
        # A plan is offered under a "walk instead" or "easy run" result, to a runner without one under way.
        register_offer(Offer(template="plans/_offer_from_result.html", applies=offer_plan_from_result))
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
