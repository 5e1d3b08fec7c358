"""Views of the physio workspace: an access check, a form, one service or selector call, a render.

Physio pages go through ``physio_required`` (anonymous: login; not a physio: 404; not yet verified: the
"awaiting verification" page, 403); runner pages through ``runner_required`` (404 otherwise). Both are in
``accounts/decorators.py``.
Every client is reached through ``access.client_link``, so a revoked link answers 404 at once.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_POST

from accounts import access, audit
from accounts.decorators import physio_required, runner_required
from accounts.models import AuditAction
from clinic import selectors, services
from clinic.forms import (
    CaseloadFilterForm,
    CodeForm,
    FlagNoteForm,
    InviteForm,
    MessageForm,
    NoteForm,
    ReportNotesForm,
)
from clinic.models import Invitation
from core.ratelimit import EXPORTS_PER_MINUTE, PDFS_PER_MINUTE, limit_hit, per_user_limit
from core.redirects import safe_next
from journal import exporting, fragments
from journal import presentation as journal_presentation
from journal import selectors as journal_selectors
from plans import selectors as plan_selectors
from plans.report import ReportNote, report_data, report_response, report_warm_queue


def _form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# --- physio: caseload, invitations, codes --------------------------------------------------------------
@lru_cache(maxsize=1)
def blank_filter_html() -> str:
    """The caseload's filter, unfilled, is the same for every physio (a GET form: no CSRF token): each process
    renders it once."""
    return render_to_string("clinic/_caseload_filter.html", {"filter_form": CaseloadFilterForm(), "filtered": False})


@require_GET
@physio_required
def caseload(request):
    form = CaseloadFilterForm(request.GET) if request.GET else None
    filters = selectors.CaseloadFilters()
    if form is not None and form.is_valid():
        filters = selectors.CaseloadFilters(
            search=form.cleaned_data["q"].strip(),
            kind=form.cleaned_data["kind"],
            severity=form.cleaned_data["severity"],
        )
    filtered = bool(filters.search or filters.kind or filters.severity)
    rows = selectors.caseload(physio=request.user, filters=filters)
    audit.audit_caseload(actor=request.user, runner_ids=[row.runner_id for row in rows])  # each client shown
    filter_html = (
        blank_filter_html()
        if form is None
        else render_to_string("clinic/_caseload_filter.html", {"filter_form": form, "filtered": filtered})
    )
    return render(
        request,
        "clinic/caseload.html",
        {
            "rows": rows,
            "filter_html": mark_safe(filter_html),  # noqa: S308 - a rendered template
            "filtered": filtered,
            "invitations": selectors.invitations_shown(physio=request.user),
            "codes": selectors.codes_shown(physio=request.user),
        },
        status=200 if form is None or form.is_valid() else 400,
    )


@require_POST
@physio_required
def code_create(request):
    code = services.link_code_create(physio=request.user)
    messages.success(
        request,
        f"Your new code is {services.format_code(code.code)}. Give it to your client: it works once, for 7 days.",
    )
    return redirect("clinic:caseload")


def _physio_invitation(request, public_id) -> Invitation:
    invitation = selectors.invitation_for_physio(physio=request.user, public_id=public_id)
    if invitation is None:
        raise Http404("No such invitation.")
    return invitation


@require_POST
@physio_required
def invitation_accept(request, public_id):
    invitation = _physio_invitation(request, public_id)
    link = services.invitation_accept(physio=request.user, invitation=invitation)
    messages.success(request, f"{link.runner.name} is now in your caseload.")
    return redirect("clinic:client", public_id=link.public_id)


@require_POST
@physio_required
def invitation_decline(request, public_id):
    invitation = _physio_invitation(request, public_id)
    services.invitation_decline(physio=request.user, invitation=invitation)
    messages.info(request, "Invitation declined. Nothing was shared with you.")
    return redirect("clinic:caseload")


def _weeks(request) -> int:
    try:
        return int(request.GET.get("weeks", journal_selectors.DEFAULT_WEEKS))
    except ValueError:
        return journal_selectors.DEFAULT_WEEKS  # dashboard_context also falls back for unknown values


# --- physio: one client --------------------------------------------------------------------------------
def _client_page(request, link, *, status=200, note_form=None, message_form=None, flag_form=None, flag_id=None):
    """Every response showing the client's data, 4xx re-renders included, goes through here: one audit row each."""
    runner = link.runner
    audit.audit_record(actor=request.user, runner=runner, action=AuditAction.VIEW)
    flags = selectors.client_flags(runner=runner)
    # A form posted to its own URL (…/flags/6/acknowledge/) and refused is shown on this page with a 400;
    # base.html then puts the page's own address back in the address bar (static/js/page-url.js), so a
    # reload or a bookmark opens the client page instead of posting again.
    page_url = None
    if status != 200:
        anchor = (
            f"#flag-{flag_id}"
            if flag_id
            else "#notes"
            if note_form is not None
            else "#messages"
            if message_form is not None
            else ""
        )
        page_url = reverse("clinic:client", args=[link.public_id]) + anchor
    for flag in flags:
        flag.note_form = (
            flag_form if flag.pk == flag_id and flag_form is not None else FlagNoteForm(auto_id=f"id_flag{flag.pk}_%s")
        )
    return render(
        request,
        "clinic/client.html",
        {
            "link": link,
            "client": runner,
            "page_url": page_url,
            # The runner's own charts, weekly table and journal, from the journal's selectors and partials.
            # The chart only: the weekly table, calendar and journal days come from client_history.
            "trends": journal_presentation.dashboard_context(runner=runner, weeks=_weeks(request), history=False),
            "history_url": _client_history_url(request, link),
            "saved_checks": selectors.saved_checks(runner=runner),
            "measures": plan_selectors.client_measures(runner, today=runner.local_today()),
            "csv_exports": exporting.csv_exports(),
            "flags": flags,
            "notes": selectors.clinical_notes(runner=runner),
            "conversation": selectors.conversation(runner=runner, physio=request.user),
            "note_form": note_form or NoteForm(auto_id="id_note_%s"),
            "message_form": message_form or MessageForm(auto_id="id_message_%s"),
        },
        status=status,
    )


@require_GET
@physio_required
def client(request, public_id):
    link = access.client_link(request.user, public_id)
    start, end = _report_period_default(link)
    report_warm_queue(runner=link.runner, author=request.user, start=start, end=end)  # before the click
    return _client_page(request, link)


def _client_history_url(request, link) -> str:
    query = f"?weeks={_weeks(request)}&page={request.GET.get('page', '1')[:12]}"
    return reverse("clinic:client_history", args=[link.public_id]) + query


@require_GET
@physio_required
def client_history(request, public_id):
    """The client's training load, weekly table, pain calendar and a page of 20 journal days: the client page
    fetches it when scrolled to (a page of its own without JavaScript). Audited as a look, cached per journal
    version (journal/fragments.py)."""
    link = access.client_link(request.user, public_id)
    runner = link.runner
    audit.audit_record(actor=request.user, runner=runner, action=AuditAction.VIEW)
    weeks, page = _weeks(request), request.GET.get("page", "1")[:12]
    weeks = weeks if weeks in journal_selectors.WEEK_CHOICES else journal_selectors.DEFAULT_WEEKS

    def build() -> str:
        context = {
            "trends": journal_presentation.dashboard_context(runner=runner, weeks=weeks),
            "entries_page": journal_selectors.entry_page(runner=runner, page=page),
            "link": link,
        }
        return render_to_string("clinic/_client_history.html", context, request=request)

    html = fragments.cached_html(
        runner=runner,
        name="client-history",
        parts=(
            (weeks, cached_page, runner.local_today(), runner.time_zone, runner.units, "physio")
            if (cached_page := fragments.page_part(page))
            else None
        ),
        build=build,
    )
    back = reverse("clinic:client", args=[link.public_id])
    return fragments.fragment_response(
        request, html, title=runner.name, back_url=back, back_text=f"Back to {runner.name}'s page"
    )


@require_GET
@physio_required
@per_user_limit("export", per_minute=EXPORTS_PER_MINUTE)
def client_export(request, public_id):
    link = access.client_link(request.user, public_id)
    audit.audit_record(actor=request.user, runner=link.runner, action=AuditAction.EXPORT)
    filename = f"backtrack-{timezone.localdate():%Y-%m-%d}.csv"
    return exporting.download_response(exporting.entries_csv(runner=link.runner), filename, "text/csv; charset=utf-8")


@require_GET
@physio_required
@per_user_limit("export", per_minute=EXPORTS_PER_MINUTE)
def client_export_extra(request, public_id, name):
    """A CSV another app registered (plans' progress measures) for this client; audited as an export."""
    link = access.client_link(request.user, public_id)
    export = exporting.csv_export(name)
    if export is None:
        raise Http404("No such download.")
    audit.audit_record(actor=request.user, runner=link.runner, action=AuditAction.EXPORT)
    filename = f"backtrack-{export.name}-{timezone.localdate():%Y-%m-%d}.csv"
    return exporting.download_response(
        exporting.extra_csv(export, runner=link.runner), filename, "text/csv; charset=utf-8"
    )


# --- physio: the visit report (PDF) -------------------------------------------------------------------
def _report_period_default(link) -> tuple[dt.date, dt.date]:
    """The last four weeks, to the client's today."""
    today = link.runner.local_today()
    return today - dt.timedelta(days=27), today


def _report_form(request, link, *, with_notes: bool = True) -> ReportNotesForm:
    """The period (default: the last four weeks) and, for the download, the ticked notes."""
    if "start" in request.GET or "end" in request.GET:
        params = request.GET.copy()
        if not with_notes:
            params.pop("notes", None)
    else:
        start, end = _report_period_default(link)
        params = {"start": start, "end": end}
    return ReportNotesForm(params, runner=link.runner, today=link.runner.local_today())


def _report_page(request, link, form, *, status: int = 200):
    """The period and the notes of that period to tick. It shows the client's notes: audited as a look."""
    audit.audit_record(actor=request.user, runner=link.runner, action=AuditAction.VIEW)
    form.is_valid()
    start, end = form.cleaned_data.get("start"), form.cleaned_data.get("end")  # None when the period is wrong
    notes = selectors.notes_in_period(runner=link.runner, start=start, end=end) if start and end else []
    chosen = set(request.GET.getlist("notes"))  # kept ticked when the period is shown again
    return render(
        request,
        "clinic/report.html",
        {"link": link, "client": link.runner, "form": form, "notes": notes, "chosen": chosen},
        status=status,
    )


@require_GET
@physio_required
def client_report(request, public_id):
    link = access.client_link(request.user, public_id)
    form = _report_form(request, link, with_notes=False)  # a changed period may leave ticked notes outside
    if not form.is_valid():
        return _report_page(request, link, form, status=400)
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    if (start, end) == _report_period_default(link):  # the period the client page offers: warmed before the
        report_warm_queue(runner=link.runner, author=request.user, start=start, end=end)  # click, once a version
    # Another period is made when downloaded (rate-limited there): a page of any period may not queue work.
    return _report_page(request, link, form)


@require_GET
@physio_required
@per_user_limit("pdf", per_minute=PDFS_PER_MINUTE)
def client_report_pdf(request, public_id):
    """The PDF for the chosen period, with the chosen notes passed to the plans' renderer as plain data."""
    link = access.client_link(request.user, public_id)
    form = _report_form(request, link)
    if not form.is_valid():
        return _report_page(request, link, form, status=400)
    notes = [
        ReportNote(written=n.created_at, author=n.author.name if n.author else "A former physio", text=n.body)
        for n in sorted(form.cleaned_data["notes"], key=lambda n: (n.created_at, n.pk))
    ]
    data = report_data(
        runner=link.runner,
        start=form.cleaned_data["start"],
        end=form.cleaned_data["end"],
        author=request.user,
        notes=notes,
    )
    audit.audit_record(actor=request.user, runner=link.runner, action=AuditAction.REPORT)
    return report_response(data)


@require_POST
@physio_required
def note_add(request, public_id):
    link = access.client_link(request.user, public_id)
    form = NoteForm(request.POST, auto_id="id_note_%s")
    if not form.is_valid():
        return _client_page(request, link, status=400, note_form=form)
    services.note_add(physio=request.user, link=link, body=form.cleaned_data["body"])
    messages.success(request, "Note saved. Only physios linked to this client can read it.")
    return redirect(reverse("clinic:client", args=[link.public_id]) + "#notes")


@require_POST
@physio_required
def message_send(request, public_id):
    link = access.client_link(request.user, public_id)
    form = MessageForm(request.POST, auto_id="id_message_%s")
    if not form.is_valid():
        return _client_page(request, link, status=400, message_form=form)
    services.message_send(sender=request.user, link=link, body=form.cleaned_data["body"])
    messages.success(request, f"Message sent. {link.runner.name} sees it on their dashboard.")
    return redirect(reverse("clinic:client", args=[link.public_id]) + "#messages")


def _flag_action(request, public_id, flag_id, service, done: str):
    link = access.client_link(request.user, public_id)
    flag = selectors.client_flag(link=link, flag_id=flag_id)
    if flag is None:
        raise Http404("No such flag.")
    form = FlagNoteForm(request.POST, auto_id=f"id_flag{flag.pk}_%s")
    if form.is_valid():
        try:
            service(physio=request.user, link=link, flag=flag, note=form.cleaned_data["note"])
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(reverse("clinic:client", args=[link.public_id]) + "#flags")
    return _client_page(request, link, status=400, flag_form=form, flag_id=flag.pk)


@require_POST
@physio_required
def flag_acknowledge(request, public_id, flag_id):
    return _flag_action(request, public_id, flag_id, services.flag_acknowledge, "Flag acknowledged, with your note.")


@require_POST
@physio_required
def flag_resolve(request, public_id, flag_id):
    return _flag_action(request, public_id, flag_id, services.flag_resolve, "Flag resolved, with your note.")


# --- runner: care team -----------------------------------------------------------------------------------
def _care_team_page(request, *, status=200, invite_form=None, code_form=None, reply_form=None, reply_link=None):
    threads = selectors.runner_threads(runner=request.user, include_ended=True)
    for thread in threads:
        thread.form = (
            reply_form
            if reply_form is not None and thread.link.pk == reply_link
            else MessageForm(auto_id=f"id_reply_{thread.link.public_id.hex[:8]}_%s")
        )
    return render(
        request,
        "clinic/care_team.html",
        {
            **selectors.care_team(runner=request.user),
            "threads": threads,
            "former_messages": selectors.former_physio_messages(runner=request.user),
            "invite_form": invite_form or InviteForm(),
            "code_form": code_form or CodeForm(),
            # a refused form posted to its own URL: the address bar shows this page (page-url.js)
            "page_url": reverse("clinic:care_team") if status != 200 else None,
        },
        status=status,
    )


@require_GET
@runner_required
def care_team(request):
    return _care_team_page(request)


@require_POST
@runner_required
def invite(request):
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            invitation = services.invitation_send(runner=request.user, email=form.cleaned_data["email"])
        except ValidationError as error:
            _form_errors(form, error)
        except services.InvitationLimit as limit:
            form.add_error(None, str(limit))
            response = _care_team_page(request, status=429, invite_form=form)
            response["Retry-After"] = str(limit.retry_after)
            return response
        else:
            messages.success(
                request, f"Invitation sent to {invitation.email}. Nothing is shared until your physio accepts."
            )
            return redirect("clinic:care_team")
    return _care_team_page(request, status=400, invite_form=form)


@require_POST
@runner_required
def code_redeem(request):
    form = CodeForm(request.POST)
    tries = limit_hit(scope="link_code", client=str(request.user.pk), per_minute=settings.LINK_CODE_TRIES_PER_MINUTE)
    if not tries.allowed:  # codes are short: guessing them one after another is refused
        form.add_error(None, "Too many codes tried in a minute. Wait a moment, then check the code and try again.")
        response = _care_team_page(request, status=429, code_form=form)
        response["Retry-After"] = str(tries.retry_after)
        return response
    if form.is_valid():
        try:
            link = services.link_code_redeem(runner=request.user, code=form.cleaned_data["code"])
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, f"{link.physio.name} can now see your journal. You can stop this at any time.")
            return redirect("clinic:care_team")
    return _care_team_page(request, status=400, code_form=form)


@require_POST
@runner_required
def invitation_cancel(request, public_id):
    invitation = selectors.invitation_for_runner(runner=request.user, public_id=public_id)
    if invitation is None:
        raise Http404("No such invitation.")
    services.invitation_cancel(runner=request.user, invitation=invitation)
    messages.info(request, f"Invitation to {invitation.email} withdrawn.")
    return redirect("clinic:care_team")


@require_POST
@runner_required
def link_revoke(request, public_id):
    link = access.runner_link(request.user, public_id)
    services.link_revoke(runner=request.user, link=link)
    messages.success(request, f"{link.physio.name} can no longer see your journal, starting now.")
    return redirect("clinic:care_team")


@require_POST
@runner_required
def reply(request, public_id):
    link = access.runner_link(request.user, public_id)
    form = MessageForm(request.POST, auto_id=f"id_reply_{link.public_id.hex[:8]}_%s")
    if not form.is_valid():
        return _care_team_page(request, status=400, reply_form=form, reply_link=link.pk)
    services.message_send(sender=request.user, link=link, body=form.cleaned_data["body"])
    messages.success(request, f"Reply sent to {link.physio.name}.")
    return redirect(safe_next(request) or "clinic:care_team")
