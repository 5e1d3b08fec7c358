"""Plan pages: an access check, a form, one service or selector call, a render or a redirect.

Runners act on their own plan (``runner_required``); physios (``physio_required``) reach a client's plan only
through ``access.client_link`` (an active link, a verified physio), and every look is audited.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import access
from accounts.audit import audit_record
from accounts.decorators import physio_required, runner_required
from accounts.models import AuditAction
from core.ratelimit import PDFS_PER_MINUTE, per_user_limit
from journal import views as journal_views
from plans import selectors, services, workspace
from plans.forms import (
    DecisionForm,
    LogForm,
    PauseForm,
    PhysioStartForm,
    PlanEditForm,
    PrescribeForm,
    ReportForm,
    ReviewForm,
    StartForm,
)
from plans.models import PlanStatus, Prescription
from plans.report import report_data, report_response
from plans.wording import DECISION_STYLE, DECISION_TITLE

JOURNAL_DASHBOARD = "journal:dashboard"  # the runner's dashboard, which shows the plan card (#plan)


def _errors(error: ValidationError) -> list[str]:
    return [m for messages_ in getattr(error, "message_dict", {"": error.messages}).values() for m in messages_]


def _problem(request, errors: list[str], *, back: str, status: int = 400):
    # The address bar shows ``back`` (page-url.js), so a reload opens that page rather than a POST-only URL.
    context = {"errors": errors, "back": back, "page_url": back}
    return render(request, "plans/problem.html", context, status=status)


def _form_problem(request, form, *, back: str):
    return _problem(request, [e for errs in form.errors.values() for e in errs], back=back)


def _to_dashboard():
    return redirect(reverse(JOURNAL_DASHBOARD) + "#plan")


def _own_plan(runner):
    plan = selectors.current_plan(runner)
    if plan is None:
        raise Http404("You have no plan under way.")
    return plan


# --- the runner ---------------------------------------------------------------------------------------
@login_required
@require_POST
@runner_required
def start(request):
    runner = request.user
    form = StartForm(request.POST)
    back = reverse(JOURNAL_DASHBOARD)
    if not form.is_valid():
        return _form_problem(request, form, back=back)
    try:
        plan = services.plan_start(
            runner=runner, actor=runner, stage=form.stage(), likely_cause=form.cleaned_data["likely_cause"] or None
        )
    except ValidationError as exc:
        status = 429 if isinstance(exc, services.TooManyPlanStarts) else 400
        return _problem(request, _errors(exc), back=back, status=status)
    messages.success(request, f"Your plan has started at stage {plan.stage}. Today's session is below.")
    return _to_dashboard()


def _on_the_card(request, runner, errors: list[str]):
    """A refused log shows its errors on the dashboard's "This week" card (400), not on a page of its own."""
    request.plan_card_errors = errors
    return journal_views.dashboard_response(request, runner, status=400)


@login_required
@require_POST
@runner_required
def log(request):
    runner = request.user
    form = LogForm(request.POST)
    if not form.is_valid():
        return _on_the_card(request, runner, [e for errs in form.errors.values() for e in errs])
    plan = _own_plan(runner)
    try:
        services.plan_log(plan=plan, **form.cleaned_data)
    except ValidationError as exc:
        return _on_the_card(request, runner, _errors(exc))
    messages.success(request, "Logged. Tomorrow morning, log your back's pain so the plan can see how it settled.")
    return _to_dashboard()


@login_required
@require_POST
@runner_required
def apply_decision(request):
    runner = request.user
    form = DecisionForm(request.POST)
    back = reverse(JOURNAL_DASHBOARD)
    if not form.is_valid():
        return _form_problem(request, form, back=back)
    plan = _own_plan(runner)
    try:
        services.plan_apply_decision(plan=plan, actor=runner, expected=form.cleaned_data["expected"])
    except ValidationError as exc:
        return _problem(request, _errors(exc), back=back, status=409)
    plan.refresh_from_db()
    if plan.status == PlanStatus.ENDED:
        messages.success(request, "Well done: you have completed the plan. Rate your activities one last time below.")
    else:
        messages.success(request, f"You are now on stage {plan.stage}, starting tomorrow.")
    return _to_dashboard()


@login_required
@require_POST
@runner_required
def cleared(request):
    runner = request.user
    try:
        services.plan_clear(plan=_own_plan(runner), actor=runner)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _to_dashboard()
    messages.success(request, "Thanks. The plan carries on; stop again and get help if the warning signs come back.")
    return _to_dashboard()


@login_required
@require_POST
@runner_required
def end(request):
    runner = request.user
    services.plan_end(plan=_own_plan(runner), actor=runner)
    messages.success(
        request,
        "Your plan has ended. Your journal keeps everything you logged. Rate your activities one last time below.",
    )
    return _to_dashboard()


@login_required
@require_POST
@runner_required
def tick(request, pk):
    runner = request.user
    plan = _own_plan(runner)
    try:
        prescription = Prescription.objects.select_related("exercise").get(pk=pk, plan=plan)
    except Prescription.DoesNotExist:
        raise Http404("No such exercise in your plan.") from None
    try:
        services.exercise_tick(prescription=prescription, day=runner.local_today())
    except ValidationError as exc:
        return _problem(request, _errors(exc), back=reverse(JOURNAL_DASHBOARD))
    messages.success(request, f"{prescription.exercise.title}: done for today.")
    return _to_dashboard()


@login_required
@require_http_methods(["GET", "POST"])
@runner_required
def review(request):
    """The PSFS rating: at plan start, every two weeks, and once more after the plan has ended (final)."""
    runner = request.user
    plan = selectors.current_plan(runner) or selectors.final_review_plan(runner)
    if plan is None:
        raise Http404("You have no plan under way.")
    final = plan.status == PlanStatus.ENDED
    first = plan.reviews.order_by("day").first()
    names = [a["name"] for a in first.activities] if first else None
    if first and first.day == runner.local_today() and not final:
        names = None  # the first review may be redone on its own day, names and all
    form = ReviewForm(request.POST if request.method == "POST" else None, names=names)
    context = {"form": form, "final": final}
    if request.method == "POST":
        if form.is_valid():
            try:
                services.review_save(plan=plan, activities=form.activities(), groc=form.cleaned_data.get("groc"))
            except ValidationError as exc:
                return _problem(request, _errors(exc), back=reverse(JOURNAL_DASHBOARD))
            messages.success(
                request,
                "Thanks: your final ratings are saved."
                if final
                else "Thanks: your ratings are saved. The next ones are due in two weeks.",
            )
            return _to_dashboard()
        return render(request, "plans/review.html", context, status=400)
    return render(request, "plans/review.html", context)


def _report_response(request, runner, *, back: str):
    today = runner.local_today()
    params = request.GET if request.GET else {"start": today - dt.timedelta(days=27), "end": today}
    form = ReportForm(params, today=today)
    if not form.is_valid():
        return _form_problem(request, form, back=back)
    data = report_data(
        runner=runner, start=form.cleaned_data["start"], end=form.cleaned_data["end"], author=request.user
    )
    return report_response(data)


@login_required
@require_GET
@per_user_limit("pdf", per_minute=PDFS_PER_MINUTE)
@runner_required
def report(request):
    """The runner's own visit report (default: the last four weeks). Clinical notes are private to the
    physios, so the runner's report has none; the physio's report is downloaded from the clinic."""
    runner = request.user
    return _report_response(request, runner, back=reverse(JOURNAL_DASHBOARD))


# --- the physio -----------------------------------------------------------------------------------------
def _client_page(request, link, *, status: int = 200, **forms):
    """Every response showing the client's plan, 400 re-renders included, goes through here: one audit row each."""
    runner = link.runner
    audit_record(actor=request.user, runner=runner, action=AuditAction.VIEW)
    plan = selectors.current_plan(runner)
    all_stages = selectors.stages()
    context = {"link": link, "client": runner, "plan": plan, "stages": all_stages, **forms}
    context["workspace"] = workspace.client_pages(link)  # the clinic's pages around this one
    if status != 200:  # a refused form posted to its own URL: the address bar shows this page (page-url.js)
        context["page_url"] = reverse("plans:client", args=[link.public_id])
    if plan is not None:
        card = selectors.plan_card(runner)
        context.update(
            card=card,
            events=list(plan.events.select_related("actor").order_by("-at", "-id")[:50]),
            decision_title=DECISION_TITLE,
            decision_style=DECISION_STYLE,
        )
        context.setdefault(
            "edit_form",
            PlanEditForm(
                initial={
                    "stage": plan.stage,
                    "hold": plan.hold,
                    "note": plan.physio_note,
                    "session_type": plan.custom_type,
                    "minutes": plan.custom_minutes,
                    "run_minutes": plan.custom_run_minutes or None,
                    "walk_minutes": plan.custom_walk_minutes or None,
                    "days": plan.custom_days,
                }
            ),
        )
        context.setdefault("pause_form", PauseForm())
        context.setdefault("prescribe_form", PrescribeForm(initial={"sets": 2, "reps": 10, "days": list(range(7))}))
        context["exercises"] = selectors.exercise_state(plan, today=runner.local_today(), weeks=4)
    else:
        context.setdefault("start_form", PhysioStartForm())
    return render(request, "plans/client.html", context, status=status)


def _client_plan_or_404(link):
    plan = selectors.current_plan(link.runner)
    if plan is None:
        raise Http404("This client has no plan under way.")
    return plan


def _back(link) -> str:
    return reverse("plans:client", args=[link.public_id])


def _physio_form(request, link, form, *, form_name: str, action, done, anchor: str = ""):
    """The physio actions' one pattern: validate the form, call the service, and on a form or service
    error re-render the plan page with the form and its messages (400); else a message and a redirect."""
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except ValidationError as exc:
            for error in _errors(exc):
                form.add_error(None, error)
    if form.errors:
        return _client_page(request, link, status=400, **{form_name: form})
    messages.success(request, done(form.cleaned_data) if callable(done) else done)
    return redirect(_back(link) + anchor)


@require_GET
@physio_required
def client_plan(request, public_id):
    link = access.client_link(request.user, public_id)
    return _client_page(request, link)


@require_POST
@physio_required
def client_start(request, public_id):
    link = access.client_link(request.user, public_id)
    return _physio_form(
        request,
        link,
        PhysioStartForm(request.POST),
        form_name="start_form",
        action=lambda data: services.plan_start(runner=link.runner, actor=request.user, **data),
        done="The plan has started.",
    )


@require_POST
@physio_required
def client_edit(request, public_id):
    link = access.client_link(request.user, public_id)
    plan = _client_plan_or_404(link)
    form = PlanEditForm(request.POST)
    return _physio_form(
        request,
        link,
        form,
        form_name="edit_form",
        action=lambda data: services.plan_edit(
            plan=plan,
            actor=request.user,
            stage=data["stage"],
            hold=data["hold"],
            note=data["note"],
            custom=form.custom(),
        ),
        done="The plan is saved.",
    )


@require_POST
@physio_required
def client_pause(request, public_id):
    link = access.client_link(request.user, public_id)
    plan = _client_plan_or_404(link)
    return _physio_form(
        request,
        link,
        PauseForm(request.POST),
        form_name="pause_form",
        action=lambda data: services.plan_pause(plan=plan, actor=request.user, note=data["note"]),
        done="The plan is paused. The runner sees your note.",
    )


@require_POST
@physio_required
def client_resume(request, public_id):
    link = access.client_link(request.user, public_id)
    plan = _client_plan_or_404(link)
    if plan.status == PlanStatus.PAUSED:
        services.plan_resume(plan=plan, actor=request.user)
    else:
        services.plan_clear(plan=plan, actor=request.user)
    messages.success(request, "Seen and cleared: the plan carries on.")
    return redirect(_back(link))


@require_POST
@physio_required
def client_end(request, public_id):
    link = access.client_link(request.user, public_id)
    services.plan_end(plan=_client_plan_or_404(link), actor=request.user)
    messages.success(request, "The plan has ended. The runner is asked for their final activity ratings.")
    return redirect(_back(link))


@require_POST
@physio_required
def client_exercise(request, public_id):
    link = access.client_link(request.user, public_id)
    plan = _client_plan_or_404(link)
    return _physio_form(
        request,
        link,
        PrescribeForm(request.POST),
        form_name="prescribe_form",
        action=lambda data: services.exercise_prescribe(plan=plan, actor=request.user, **data),
        done=lambda data: f"{data['exercise'].title} is in the plan.",
        anchor="#exercises",
    )


@require_POST
@physio_required
def client_exercise_remove(request, public_id, pk):
    link = access.client_link(request.user, public_id)
    plan = _client_plan_or_404(link)
    try:
        prescription = Prescription.objects.select_related("exercise", "plan").get(pk=pk, plan=plan)
    except Prescription.DoesNotExist:
        raise Http404("No such exercise in this plan.") from None
    services.exercise_remove(prescription=prescription, actor=request.user)
    messages.success(request, "The exercise is out of the plan.")
    return redirect(_back(link) + "#exercises")
