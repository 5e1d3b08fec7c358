"""Journal pages. Each view: access check, form, one service or selector call, render."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import runner_required
from core.dates import day_in_words
from core.ratelimit import EXPORTS_PER_MINUTE, per_user_limit
from journal import exporting, fragments, presentation, selectors, services
from journal.forms import CsvImportForm, EntryForm, QuickPainForm, SessionForm, WatchImportForm
from journal.idempotency import idempotent
from journal.importing import jobs
from journal.importing.journal_csv import MAX_CSV_BYTES
from journal.models import Entry, ImportJob, TrainingSession
from journal.panels import DashboardState, dashboard_panels
from journal.templatetags.journal_tags import symptom_label
from triage.advice import advice_for
from triage.codes import CARE_NOW_VERDICTS, JOURNAL_SYMPTOMS
from triage.contacts import care_now_sentence
from triage.engine import answers_as_json, assess
from triage.forms import TriageForm
from triage.rulebook import SignTier, sign_tier
from triage.templatetags.triage_tags import country_for


def _care_now_message(request, signs) -> bool:
    """A warning message when these signs need care today or now (the same wording as triage). True if shown."""
    tier, _signs = sign_tier(signs or [])
    if tier not in CARE_NOW_VERDICTS:
        return False
    prefix = (
        "You logged a sign that needs emergency care. "
        if tier == SignTier.EMERGENCY
        else "You logged a sign that a doctor should check today. "
    )
    messages.error(request, prefix + care_now_sentence(tier, country_for(request.user)))
    return True


def _weeks(request: HttpRequest) -> int:
    try:
        return int(request.GET.get("weeks", selectors.DEFAULT_WEEKS))
    except ValueError:
        return selectors.DEFAULT_WEEKS


UNDO_SESSION_KEY = "journal_pain_undo"


def _pain_undo(request, runner) -> dict | None:
    """The last one-tap save of today's pain that can still be undone (kept in the session), or None."""
    undo = request.session.get(UNDO_SESSION_KEY)
    if not isinstance(undo, dict) or undo.get("day") != runner.local_today().isoformat():
        return None
    return undo


# The dashboard's two forms as first shown hold no one's data but the values they are keyed by: each process
# keeps their markup (the fields, without the form tag and its CSRF token, which the page renders per request)
# by exactly what it depends on. A refused form is rendered for its request, with its values and errors.
_BLANK_FIELDS: dict[tuple, str] = {}
_BLANK_FIELDS_KEPT = 256  # (pain 0-10 or none) x 7 sides, and each unit's day: a few dozen in a day


def _kept_fields(key: tuple, build) -> str:
    html = _BLANK_FIELDS.get(key)
    if html is None:
        if len(_BLANK_FIELDS) >= _BLANK_FIELDS_KEPT:
            _BLANK_FIELDS.clear()  # yesterday's days go with the rest
        html = _BLANK_FIELDS[key] = build()
    return html


def _pain_fields(pain_form: QuickPainForm | None, *, pain: int | None, side: str, today: dt.date) -> str:
    """The one-tap form's fields: today's saved pain and side checked (``pain_form``: a refused one)."""

    def render(form: QuickPainForm) -> str:
        return render_to_string("journal/_pain_fields.html", {"pain_form": form, "saved_pain": pain})

    if pain_form is not None:
        return render(pain_form)
    return _kept_fields(
        ("pain", pain, side),
        lambda: render(QuickPainForm(initial={"pain": pain, "pain_side": side}, today=today)),
    )


def _session_fields(runner, today: dt.date) -> str:
    """The "Log a run" fields, blank but for today and a middling effort, the distance in the runner's unit."""
    return _kept_fields(
        ("session", runner.units, today),
        lambda: render_to_string(
            "journal/_session_fields.html",
            {"session_form": SessionForm(runner=runner, initial={"day": today.isoformat(), "rpe": 3})},
        ),
    )


def _render_dashboard(request, runner, *, pain_form=None, status=200) -> HttpResponse:
    # The first screen only: the weekly table and calendar come from journal:history when scrolled to.
    trends = presentation.dashboard_context(runner=runner, weeks=_weeks(request), history=False)
    today = trends["today"]
    context = {
        "trends": trends,
        # Each panel's data from the context function its app registered (journal/panels.py).
        "dashboard_panels": dashboard_panels(DashboardState(request=request, runner=runner, trends=trends)),
        "pain_fields": _pain_fields(pain_form, pain=trends["today_pain"], side=trends["today_side"], today=today),
        "session_fields": _session_fields(runner, today),
        "pain_undo": _pain_undo(request, runner),
    }
    if status != 200:  # a refused form posted to its own URL: the address bar shows the dashboard (page-url.js)
        context["page_url"] = reverse("journal:dashboard")
    return render(request, "journal/dashboard.html", context, status=status)


def dashboard_response(request, runner, *, status: int = 200) -> HttpResponse:
    """The dashboard, for a higher app whose dashboard form was refused (plans' "This week" card shows its
    errors on the card: the app puts them on the request, its panel's template tag reads them)."""
    return _render_dashboard(request, runner, status=status)


def _to_today_card():
    return redirect(reverse("journal:dashboard") + "#today-heading")


@login_required
@require_GET
@runner_required
def dashboard(request):
    return _render_dashboard(request, request.user)


@login_required
@require_POST
@idempotent
@runner_required
def quick_pain(request):
    runner = request.user
    today = runner.local_today()
    form = QuickPainForm(request.POST, today=today)
    if not form.is_valid():
        return _render_dashboard(request, runner, pain_form=form, status=400)
    day = form.cleaned_data["day"]
    pain, side = form.cleaned_data["pain"], form.cleaned_data["pain_side"]
    entry, before = services.entry_log_pain_undoable(
        runner=runner, day=day, pain=pain, pain_side=side, kept_at=form.cleaned_data["kept_at"]
    )
    if before is None:
        messages.info(
            request,
            f"Your journal's pain for {day_in_words(day)} was changed after you tapped {pain} on your "
            f"phone, so it keeps the newer {entry.pain} out of 10.",
        )
        return _to_today_card()
    if day != today:  # sent from the phone's offline queue: no undo (only today's last tap has one)
        messages.success(request, f"Back pain for {day_in_words(day, today)} is logged: {pain} out of 10.")
        return _to_today_card()
    request.session[UNDO_SESSION_KEY] = {
        "day": day.isoformat(),
        "saved": [entry.pain, entry.pain_side],
        "before": [before.pain, before.pain_side],
    }
    # No message: the card itself says it is logged, with its Undo (one confirmation, not three).
    return _to_today_card()


@login_required
@require_POST
@idempotent
@runner_required
def quick_pain_undo(request):
    """Undoes the last one-tap save of today's pain: the value before it comes back (or the day is empty again)."""
    runner = request.user
    undo = _pain_undo(request, runner)
    request.session.pop(UNDO_SESSION_KEY, None)
    if undo is None:
        messages.info(request, "There is nothing to undo: only today's last tap on a pain number can be undone.")
        return _to_today_card()
    try:
        (saved_pain, saved_side), (before_pain, before_side) = undo["saved"], undo["before"]
        saved = services.PainBefore(pain=int(saved_pain), pain_side=str(saved_side))
        before = services.PainBefore(pain=None if before_pain is None else int(before_pain), pain_side=str(before_side))
    except (KeyError, TypeError, ValueError):
        messages.info(request, "There is nothing to undo: only today's last tap on a pain number can be undone.")
        return _to_today_card()
    if not services.entry_undo_pain(runner=runner, day=dt.date.fromisoformat(undo["day"]), saved=saved, before=before):
        messages.info(request, "Today's entry has changed since that tap, so nothing was undone.")
    elif before.pain is None:
        messages.success(request, "Undone: today's back pain is not logged any more.")
    else:
        messages.success(request, f"Undone: today's back pain is back to {before.pain} out of 10.")
    return _to_today_card()


@login_required
@require_GET
@runner_required
def entries(request):
    """The journal, newest day first; `?import=<job id>` shows only the days that import added sessions to."""
    runner = request.user
    job = None
    if request.GET.get("import"):
        try:
            job = get_object_or_404(ImportJob, public_id=uuid.UUID(request.GET["import"]), runner=runner)
        except ValueError as exc:
            raise Http404("No such import.") from exc
    only_days = jobs.import_job_days(job) if job is not None else None
    page = selectors.entry_page(
        runner=runner,
        page=request.GET.get("page"),
        only_days=only_days,
        shown=slice(selectors.FIRST_SCREEN_DAYS),  # the older days come from journal:entries_older
    )
    return render(
        request,
        "journal/entries.html",
        {
            "entries_page": page,
            "runner": runner,
            "import_job": job,
            # the page's newest days now; its older ones come from journal:entries_older when scrolled to
            "first_days": page.object_list,
            "older_url": _older_url(request, page, job) if page.day_count > selectors.FIRST_SCREEN_DAYS else "",
        },
    )


def _older_url(request, page, job) -> str:
    query = f"?page={page.number}" + (f"&import={job.public_id}" if job is not None else "")
    return reverse("journal:entries_older") + query


def _import_filter(request, runner):
    """The import named by ``?import=`` (the runner's own only), or None."""
    if not request.GET.get("import"):
        return None
    try:
        return get_object_or_404(ImportJob, public_id=uuid.UUID(request.GET["import"]), runner=runner)
    except ValueError as exc:
        raise Http404("No such import.") from exc


# --- history fragments (journal/fragments.py): derived, cached per journal version --------------------------
@login_required
@require_GET
@runner_required
def history(request):
    """The dashboard's load summary, weekly table and pain calendar: a fragment, or a page without JavaScript."""
    runner = request.user
    weeks, today = _weeks(request), runner.local_today()
    weeks = weeks if weeks in selectors.WEEK_CHOICES else selectors.DEFAULT_WEEKS  # a few keys, not any number

    def build() -> str:
        trends = presentation.dashboard_context(runner=runner, weeks=weeks)
        return render_to_string("journal/_trends.html", {"trends": trends, "part": "history"}, request=request)

    html = fragments.cached_html(
        runner=runner, name="dashboard-history", parts=(weeks, today, runner.time_zone, runner.units), build=build
    )
    return fragments.fragment_response(
        request, html, title="Your history", back_url=reverse("journal:dashboard"), back_text="Back to your dashboard"
    )


@login_required
@require_GET
@runner_required
def entries_older(request):
    """The older days of one page of the journal (after its first FIRST_SCREEN_DAYS)."""
    runner = request.user
    job = _import_filter(request, runner)
    page_number = request.GET.get("page") or "1"

    def build() -> str:
        only_days = jobs.import_job_days(job) if job is not None else None
        page = selectors.entry_page(
            runner=runner, page=page_number, only_days=only_days, shown=slice(selectors.FIRST_SCREEN_DAYS, None)
        )
        return render_to_string(
            "journal/_older_days.html", {"days": page.object_list, "editable": True}, request=request
        )

    html = fragments.cached_html(
        runner=runner,
        name="journal-older-days",
        parts=(
            (page, str(job.public_id) if job else "", runner.local_today(), runner.units)
            if (page := fragments.page_part(page_number))
            else None
        ),
        build=build,
    )
    back = reverse("journal:entries") + f"?page={page_number[:12]}"
    return fragments.fragment_response(
        request, html, title="Your journal", back_url=back, back_text="Back to your journal"
    )


def _parse_day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise Http404("No such day") from exc


def _after_entry_save(request, entry: Entry):
    if not _care_now_message(request, entry.symptoms):
        messages.success(request, f"Your entry for {day_in_words(entry.day, request.user.local_today())} is saved.")
    return redirect("journal:dashboard") if entry.day == request.user.local_today() else redirect("journal:entries")


@login_required
@require_http_methods(["GET", "POST"])
@idempotent
@runner_required
def entry_new(request):
    runner = request.user
    initial_day = request.GET.get("day") or runner.local_today().isoformat()
    if request.method == "GET" and _logged_day(runner, initial_day):  # that day is logged: open its entry
        return redirect("journal:entry_edit", day=initial_day)
    form = EntryForm(request.POST or None, runner=runner, initial={"day": initial_day})
    if request.method == "POST":
        if form.is_valid():
            try:
                entry = services.entry_create(runner=runner, day=form.cleaned_data["day"], data=form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return _after_entry_save(request, entry)
        return render(request, "journal/entry_form.html", _entry_ctx(form, runner=runner), status=400)
    return render(request, "journal/entry_form.html", _entry_ctx(form))


def _logged_day(runner, value: str | None) -> dt.date | None:
    """The day named by ``value`` when the runner already has an entry for it."""
    try:
        day = dt.date.fromisoformat(value or "")
    except ValueError:
        return None
    return day if Entry.objects.filter(runner=runner, day=day).exists() else None


def _entry_ctx(form: EntryForm, runner=None) -> dict[str, Any]:
    tier, _signs = sign_tier([code for code in form["symptoms"].value() or [] if code in JOURNAL_SYMPTOMS])
    return {
        "form": form,
        "warning_level": tier if tier in CARE_NOW_VERDICTS else "",
        # a new entry refused because its day is logged: the page links to that day's entry
        "existing_day": _logged_day(runner, form.data.get("day")) if runner and form.errors.get("day") else None,
    }


@login_required
@require_http_methods(["GET", "POST"])
@runner_required
def entry_edit(request, day: str):
    runner = request.user
    entry = get_object_or_404(Entry, runner=runner, day=_parse_day(day))
    form = EntryForm(request.POST or None, runner=runner, instance=entry)
    if request.method == "POST":
        if form.is_valid():
            try:
                entry = services.entry_update(entry=entry, data=form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return _after_entry_save(request, entry)
        return render(request, "journal/entry_form.html", _entry_ctx(form), status=400)
    return render(request, "journal/entry_form.html", _entry_ctx(form))


def _return_to(request) -> str | None:
    """Which journal page a session form returns to (a page name from a fixed list, never a URL)."""
    target = request.POST.get("next") or request.GET.get("next")
    return target if target in {"dashboard", "entries"} else None


@login_required
@require_http_methods(["GET", "POST"])
@idempotent
@runner_required
def session_new(request):
    runner = request.user
    initial = {"day": request.GET.get("day") or runner.local_today().isoformat(), "rpe": 3}
    form = SessionForm(request.POST or None, runner=runner, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            session = services.session_create(runner=runner, data=form.session_fields())
            messages.success(
                request,
                f"{session.get_session_type_display()} on {day_in_words(session.day, runner.local_today())} is logged.",
            )
            return redirect(f"journal:{_return_to(request) or 'dashboard'}")
        return render(request, "journal/session_form.html", {"form": form, "next": _return_to(request)}, status=400)
    return render(request, "journal/session_form.html", {"form": form, "next": _return_to(request)})


@login_required
@require_http_methods(["GET", "POST"])
@runner_required
def session_edit(request, pk: int):
    runner = request.user
    session = get_object_or_404(TrainingSession, pk=pk, runner=runner)
    form = SessionForm(request.POST or None, runner=runner, instance=session)
    if request.method == "POST":
        if form.is_valid():
            services.session_update(session=session, data=form.session_fields())
            messages.success(request, "The session is saved.")
            return redirect("journal:entries")
        return render(request, "journal/session_form.html", {"form": form, "session": session}, status=400)
    return render(request, "journal/session_form.html", {"form": form, "session": session})


@login_required
@require_http_methods(["GET", "POST"])
@runner_required
def session_delete(request, pk: int):
    runner = request.user
    session = get_object_or_404(TrainingSession, pk=pk, runner=runner)
    if request.method == "POST":
        services.session_delete(session=session)
        messages.success(request, "The session is deleted.")
        return redirect("journal:entries")
    return render(request, "journal/session_confirm_delete.html", {"session": session})


def _merge_summary(merge: services.EntryMerge) -> str:
    """Says in words what saving the check changed in that day's entry (nothing is overwritten)."""
    if merge.created:
        return "This check is saved, and today's journal entry now holds your answers."
    parts = []
    if merge.added_signs:
        labels = ", ".join(symptom_label(code).lower() for code in merge.added_signs)
        parts.append(f"added the warning signs you answered yes to ({labels})")
    if merge.filled:
        parts.append("filled in " + ", ".join(ENTRY_FIELD_NAMES[name] for name in merge.filled))
    kept = [
        f"{ENTRY_FIELD_NAMES[name]} stays {_shown(old)} (the check said {_shown(new)})" for name, old, new in merge.kept
    ]
    changed = ("It " + " and ".join(parts) + ".") if parts else "Nothing in today's entry needed adding."
    kept_text = (
        (" What you logged earlier is kept: " + "; ".join(kept) + ". Edit the entry if that changed.") if kept else ""
    )
    return f"This check is saved. {changed}{kept_text}"


ENTRY_FIELD_NAMES = {"pain": "pain", "pain_side": "where it hurts", "normal_stride": "normal stride", "spasm": "spasm"}


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


@login_required
@require_POST
@runner_required
def save_triage(request):
    """Keeps a triage result and merges its answers into today's entry, saying what changed."""
    runner = request.user
    form = TriageForm(request.POST)
    if not form.is_valid():
        return render(request, "journal/triage_not_saved.html", {"form": form}, status=400)
    answers = form.to_answers()
    assessment = assess(answers)
    blocks = advice_for(assessment)
    check, merge = services.saved_check_create(
        runner=runner,
        answers=answers_as_json(answers),
        verdict=str(assessment.verdict),
        likely_cause=str(assessment.likely_cause or ""),
        rule_ids=[str(r) for r in assessment.rule_ids],
        advice_versions=[{"code": str(b.code), "version_id": b.version_id} for b in blocks],
        pain=answers.pain_now,
        pain_side=answers.pain_side,
        normal_stride=answers.normal_stride,
        spasm=answers.spasm,
        journal_symptoms=[s for s in sorted(answers.symptoms) if s in JOURNAL_SYMPTOMS],
    )
    # The result page opened again says it is saved (journal.selectors.saved_check_url): the last few, today's.
    kept = [*request.session.get(selectors.SAVED_CHECKS_SESSION_KEY, [])][-9:]
    kept.append(selectors.saved_check_key(check.day, check.answers))
    request.session[selectors.SAVED_CHECKS_SESSION_KEY] = kept
    _care_now_message(request, answers.symptoms)
    messages.success(request, _merge_summary(merge))
    return redirect("journal:dashboard")


@login_required
@require_GET
@runner_required
def your_data(request):
    runner = request.user
    return render(request, "journal/your_data.html", {"runner": runner, "csv_exports": exporting.csv_exports()})


@login_required
@require_GET
@per_user_limit("export", per_minute=EXPORTS_PER_MINUTE)
@runner_required
def export_entries_csv(request):
    runner = request.user
    return exporting.download_response(
        exporting.entries_csv(runner=runner), "backtrack-entries.csv", "text/csv; charset=utf-8"
    )


@login_required
@require_GET
@per_user_limit("export", per_minute=EXPORTS_PER_MINUTE)
@runner_required
def export_sessions_csv(request):
    runner = request.user
    return exporting.download_response(
        exporting.sessions_csv(runner=runner), "backtrack-sessions.csv", "text/csv; charset=utf-8"
    )


@login_required
@require_GET
@per_user_limit("export", per_minute=EXPORTS_PER_MINUTE)
@runner_required
def export_extra_csv(request, name):
    """A CSV another app registered (plans' progress measures); an unknown name is a 404."""
    runner = request.user
    export = exporting.csv_export(name)
    if export is None:
        raise Http404("No such download.")
    return exporting.download_response(
        exporting.extra_csv(export, runner=runner), f"backtrack-{export.name}.csv", "text/csv; charset=utf-8"
    )


@login_required
@require_GET
@per_user_limit("export", per_minute=EXPORTS_PER_MINUTE)
@runner_required
def export_json(request):
    runner = request.user
    return exporting.download_response(
        exporting.everything_json(runner=runner), "backtrack-journal.json", "application/json"
    )


def _import_refusal(request, template: str, form, message: str, status: int, retry_after: int | None = None):
    response = render(request, template, {"form": form, "budget_message": message}, status=status)
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response


def _before_the_body(request, template: str, form_class) -> HttpResponse | None:
    """Answers an upload that is too large or over the runner's daily budget from its Content-Length
    alone, before Django reads the body; then checks CSRF (the view is exempt from the middleware,
    whose check would read the body first)."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    largest = jobs.MAX_UPLOAD_BYTES + 1024 * 1024  # the form's own fields and boundaries
    if length > largest:
        message = f"That upload is larger than {jobs.MAX_UPLOAD_BYTES // (1024 * 1024)} MB, the most we take at once."
        return _import_refusal(request, template, form_class(), message, 413)
    try:
        jobs.upload_budget_spend(runner=request.user, content_length=length)
    except jobs.ImportBudgetSpent as exc:
        hours = max(1, round(exc.retry_after / 3600))
        message = (
            f"You have uploaded {settings.IMPORT_UPLOAD_MB_PER_DAY} MB for import today, the most we read in a day. "
            f"Try again in about {hours} hour{'s' if hours != 1 else ''}."
        )
        return _import_refusal(request, template, form_class(), message, 429, exc.retry_after)
    except jobs.ImportsUnavailable:
        return _imports_unavailable(request, template, form_class())
    return CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {})


def _imports_unavailable(request, template: str, form) -> HttpResponse:
    """Redis is down: nothing was stored; say so and when to try again (503, the service is unavailable)."""
    message = "Imports are paused for a moment: nothing was saved. Try again in a few minutes; your journal is fine."
    return _import_refusal(request, template, form, message, 503, 120)


@csrf_exempt  # checked in _before_the_body, after the budget: the middleware's check reads the body
@login_required
@require_http_methods(["GET", "POST"])
@runner_required
def import_csv(request):
    if request.method == "POST":
        refusal = _before_the_body(request, "journal/import_csv.html", CsvImportForm)
        if refusal is not None:
            return refusal
        form = CsvImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, "journal/import_csv.html", {"form": form}, status=400)
        upload = form.cleaned_data["file"]
        try:
            job = jobs.import_job_create(
                runner=request.user, kind=ImportJob.Kind.CSV, files=[(upload.name, upload.read(MAX_CSV_BYTES + 1))]
            )
        except jobs.ImportsUnavailable:
            return _imports_unavailable(request, "journal/import_csv.html", form)
        return redirect("journal:import_job", public_id=job.public_id)
    return render(request, "journal/import_csv.html", {"form": CsvImportForm()})


@csrf_exempt  # checked in _before_the_body, after the budget: the middleware's check reads the body
@login_required
@require_http_methods(["GET", "POST"])
@runner_required
def import_watch(request):
    if request.method == "POST":
        refusal = _before_the_body(request, "journal/import_watch.html", WatchImportForm)
        if refusal is not None:
            return refusal
        form = WatchImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, "journal/import_watch.html", {"form": form}, status=400)
        try:
            job = jobs.import_job_create(
                runner=request.user,
                kind=ImportJob.Kind.WATCH,
                files=[(f.name, f.read(jobs.MAX_UPLOAD_BYTES + 1)) for f in form.cleaned_data["files"]],
            )
        except jobs.ImportsUnavailable:
            return _imports_unavailable(request, "journal/import_watch.html", form)
        return redirect("journal:import_job", public_id=job.public_id)
    return render(request, "journal/import_watch.html", {"form": WatchImportForm()})


@login_required
@require_GET
@runner_required
def import_job(request, public_id):
    """An import's progress, what it added per kind of activity, and each file's result; the page reloads
    itself until the import is done (and resumes a paused or stalled one)."""
    runner = request.user
    job = get_object_or_404(ImportJob, public_id=public_id, runner=runner)
    if jobs.import_job_resume(job):
        job.refresh_from_db()
    files = list(job.files.defer("data"))
    return render(request, "journal/import_job.html", {"job": job, **jobs.import_job_summary(job, files)})
