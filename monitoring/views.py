"""Runner-facing monitoring pages: their flags, dismissing one, answering a 24-hour check-in."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from accounts.decorators import runner_required
from core.redirects import safe_next

from . import checkins, flags, selectors
from .forms import AssessedForm, CheckInAnswerForm, DismissForm
from .models import CheckIn, Flag, FlagStatus, Severity


def _back(request, default: str = "monitoring:list"):
    return redirect(safe_next(request) or default)


@login_required
@require_GET
@runner_required
def flag_list(request):
    runner = request.user
    return render(request, "monitoring/flag_list.html", {"closed": selectors.closed_flags_for(runner)})


@login_required
@require_POST
@runner_required
def flag_dismiss(request, pk: int):
    runner = request.user
    # Someone else's flag, a closed one or an urgent one (a clinician must close those): 404.
    flag = get_object_or_404(
        Flag.objects.exclude(severity=Severity.URGENT), pk=pk, runner=runner, status=FlagStatus.OPEN
    )
    form = DismissForm(request.POST, prefix=f"flag-{flag.pk}")
    if not form.is_valid():
        context = {
            "closed": selectors.closed_flags_for(runner),
            "monitoring_bound_form": form,
            "page_url": reverse("monitoring:list"),  # the address bar shows the flags page (page-url.js)
        }
        return render(request, "monitoring/flag_list.html", context, status=400)
    flags.flag_dismiss(flag=flag, by=runner, note=form.cleaned_data["note"])
    messages.success(request, f"Dismissed: {flag.get_kind_display()}.")
    return _back(request)


@login_required
@require_POST
@runner_required
def flag_assessed(request, pk: int):
    """ "I have been assessed by a clinician" on an open urgent flag, for a runner with no linked physio."""
    runner = request.user
    flag = get_object_or_404(Flag, pk=pk, runner=runner, status=FlagStatus.OPEN, severity=Severity.URGENT)
    if not selectors.runner_may_record_assessment(runner):
        raise Http404("A linked physio closes urgent flags.")
    today = timezone.localtime(timezone.now(), runner.zone).date()
    # The signs behind an urgent flag were logged at most a symptom window before it opened.
    window = dt.timedelta(days=settings.MONITORING_THRESHOLDS.symptom_window_days)
    signs_from = timezone.localtime(flag.opened_at, runner.zone).date() - window
    form = AssessedForm(request.POST, prefix=f"assessed-{flag.pk}", today=today, signs_from=signs_from)
    if not form.is_valid():
        context = {
            "closed": selectors.closed_flags_for(runner),
            "monitoring_bound_form": form,
            "page_url": reverse("monitoring:list"),  # the address bar shows the flags page (page-url.js)
        }
        return render(request, "monitoring/flag_list.html", context, status=400)
    flags.flag_record_assessment(
        flag=flag, by=runner, assessed_on=form.cleaned_data["assessed_on"], note=form.cleaned_data["note"]
    )
    messages.success(request, f"Closed: {flag.get_kind_display()}. Thank you for getting it checked.")
    return _back(request)


@login_required
@require_GET
@runner_required
def checkin_detail(request, pk: int):
    runner = request.user
    checkin = get_object_or_404(CheckIn, pk=pk, runner=runner)
    return render(request, "monitoring/checkin.html", {"checkin": checkin})


@login_required
@require_POST
@runner_required
def checkin_answer(request, pk: int):
    runner = request.user
    checkin = get_object_or_404(CheckIn, pk=pk, runner=runner)
    form = CheckInAnswerForm(request.POST)
    if not form.is_valid():
        context = {"checkin": checkin, "form": form, "page_url": reverse("monitoring:checkin", args=[checkin.pk])}
        return render(request, "monitoring/checkin.html", context, status=400)
    checkins.checkin_answer(checkin=checkin, settled=form.cleaned_data["settled"])
    if form.cleaned_data["settled"]:
        messages.success(request, "Thanks: glad it has settled.")
    else:
        messages.warning(request, "Thanks. Pain that has not settled a day after a run is worth showing to a physio.")
    return _back(request)
