"""The triage pages: the questions and the result, open to everyone, where nothing is saved; and the
runner's health background (signed-in runners only), which the questions start from."""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlencode

from crispy_forms.utils import render_crispy_form
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from triage import contacts, pagecache
from triage.advice import advice_for, advice_sections, published_blocks
from triage.codes import CARE_NOW_VERDICTS
from triage.engine import assess
from triage.forms import HealthBackgroundForm, TriageAnswers, TriageForm, initial_from_query, standing_initial
from triage.offers import offers_for, saved_where
from triage.services import standing_conditions_set
from triage.templatetags.triage_tags import country_for


def _journal_save_url() -> str | None:
    """The journal's "save this result" view, when the journal app provides it."""
    try:
        return reverse("journal:save_triage")
    except NoReverseMatch:
        return None


@lru_cache(maxsize=1)
def blank_form_html() -> str:
    """The unanswered form is the same for everyone (a GET form: no CSRF token), so each process renders
    it once; crispy-forms' rendering of its 30-odd fields was most of the page's time."""
    return render_crispy_form(TriageForm())


def _is_runner(user) -> bool:
    return user.is_authenticated and user.is_runner


@require_safe
def triage_form(request):
    initial = initial_from_query(request.GET)
    runner = _is_runner(request.user)
    if runner and not initial:
        # A signed-in runner's health background answers its questions; they can still change them here.
        initial = standing_initial(request.user.standing_conditions)
    context = {"background_link": runner}  # a runner's check links to "Your health background"
    if not initial:
        plain = not request.META.get("QUERY_STRING")  # one blank page to keep, whatever junk a link carries
        key = pagecache.key_for(request, timezone.localdate()) if plain else None
        kept = pagecache.get(key, pagecache.NO_TEXTS)
        if kept is not None:
            return kept
        response = render(request, "triage/form.html", {**context, "form_html": blank_form_html()})
        pagecache.keep(key, response, pagecache.NO_TEXTS)
        return response
    response = render(request, "triage/form.html", {**context, "form": TriageForm(initial=initial)})
    response["Cache-Control"] = "no-store, private"  # the form filled in again shows someone's answers
    return response


@login_required
@require_http_methods(["GET", "POST"])
def health_background(request):
    """The runner's standing conditions, asked once; the check starts from them."""
    if not _is_runner(request.user):  # as accounts.access.require_runner (triage imports no accounts model)
        raise Http404("This page is for runners.")
    runner = request.user
    form = HealthBackgroundForm(
        request.POST if request.method == "POST" else None, initial={"conditions": runner.standing_conditions}
    )
    if request.method == "POST":
        if form.is_valid():
            standing_conditions_set(runner=runner, conditions=form.codes())
            messages.success(request, "Your health background is saved. The check will start from it.")
            return redirect("triage:background")
        return render(request, "triage/background.html", {"form": form}, status=400)
    return render(request, "triage/background.html", {"form": form})


@require_safe
def triage_result(request):
    """The result lives at a stable, bookmarkable URL: the answers are its query string."""
    if not request.GET:
        return redirect("triage:form")
    texts, today = published_blocks(), timezone.localdate()
    key = pagecache.key_for(request, today)
    kept = pagecache.get(key, texts)  # a visitor without cookies asking what another one asked today
    if kept is not None:
        return kept
    form = TriageAnswers(request.GET)
    if not form.is_valid():
        return render(request, "triage/form.html", {"form": TriageForm(request.GET)}, status=400)
    answers_given = form.to_answers()
    assessment = assess(answers_given)
    answers = form.encoded()
    save_url = _journal_save_url() if request.user.is_authenticated and request.user.is_runner else None
    care_now = assessment.verdict in CARE_NOW_VERDICTS
    chosen = request.GET.get("country")
    country = chosen if contacts.is_country(chosen) else country_for(request.user)
    response = render(
        request,
        "triage/result.html",
        {
            "assessment": assessment,
            "care_now": care_now,
            "country": country,
            # "Not in the United Kingdom?": the same result with another country's numbers.
            "country_links": [
                (name, f"?{urlencode([*answers, ('country', code)])}")
                for code, name in contacts.SWITCH_CHOICES
                if contacts.region_for(code) is not contacts.region_for(country)
            ]
            if care_now
            else [],
            "answer_rows": form.answer_rows(),
            "sections": advice_sections(advice_for(assessment)),
            "answers": answers,
            "change_url": f"{reverse('triage:form')}?{urlencode(answers)}",
            "save_url": save_url,
            "saved_url": saved_where(request, answers_given) if save_url else None,  # saved today already
            "printed_on": today,
            "offers": offers_for(request, assessment),  # e.g. a return-to-run plan (plans/apps.py)
        },
    )
    pagecache.keep(key, response, texts)
    return response
