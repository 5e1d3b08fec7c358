"""The triage pages: the questions and the result, open to everyone, where nothing is saved; and the
runner's health background (signed-in runners only), which the questions start from."""

from __future__ import annotations

from functools import lru_cache
from types import SimpleNamespace
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from accounts.decorators import runner_required
from triage import contacts, offers, pagecache
from triage.advice import advice_for, advice_sections, published_blocks
from triage.codes import CARE_NOW_VERDICTS, LoadChange, Sex
from triage.engine import assess
from triage.forms import (
    EMERGENCY_STEP,
    ITEM_LABELS,
    NO,
    STEP_IDS,
    STEP_MESSAGES,
    STEPS,
    YES,
    CheckProgress,
    HealthBackgroundForm,
    Step,
    TriageAnswers,
    age_band,
    standing_initial,
    step_url,
)
from triage.offers import offers_for, saved_where
from triage.services import standing_conditions_set
from triage.templatetags.triage_tags import country_for

FORM_TEMPLATE = "triage/form.html"


def _step_context(request, progress: CheckProgress, step: Step, *, opened: bool = False, error: str = "") -> dict:
    """What the step template needs: the question, the answers so far (hidden), where Back goes."""
    index = STEP_IDS[step.id]
    carried = progress.pairs(without=step.names)
    values = progress.values
    ticked = [code for code in step.items if values.get(code) == YES]
    chosen = str(values.get(step.names[0], "")) if not step.is_group else ""
    if step.id == "age" and chosen.isdigit():
        chosen = str(age_band(int(chosen))[0])  # an exact age from an older link shows as its band
    changes = values.get("load_changes") or []
    return {
        "step": step,
        "number": index + 1,
        "total": len(STEPS),
        "carried": carried,
        "opened": opened or bool(ticked),
        "items": [(code, ITEM_LABELS[code], code in ticked) for code in step.items],
        "said_no": step.is_group and not ticked and all(values.get(code) == NO for code in step.items),
        "chosen": chosen,
        "chosen_sex": values.get("sex", ""),
        "chosen_changes": changes,
        "more_open": bool(changes or values.get("sex")),
        "error": error,
        "back_url": step_url(reverse("triage:form"), STEPS[index - 1], progress.pairs()) if index else "",
        "background_link": _is_runner(request.user),  # a runner's check links to "Your health background"
        "sexes": [("", "Prefer not to say"), *Sex.choices],
        "load_changes": LoadChange.choices,
    }


def _render_step(request, progress: CheckProgress, step: Step, *, status: int = 200, **kwargs):
    return render(request, FORM_TEMPLATE, _step_context(request, progress, step, **kwargs), status=status)


@lru_cache(maxsize=1)
def blank_form_html() -> str:
    """The first step, unanswered, is the same for every visitor (a GET form: no CSRF token): each process
    renders its form once (config/wsgi.py warms it up)."""
    return render_to_string(
        "triage/_step_form.html", _step_context(SimpleNamespace(user=AnonymousUser()), CheckProgress({}), STEPS[0])
    )


def _is_runner(user) -> bool:
    return user.is_authenticated and user.is_runner


def _no_store(response):
    response["Cache-Control"] = "no-store, private"  # a step with answers shows someone's health answers
    return response


def _unreadable(request, progress: CheckProgress, step: Step):
    """400: the step holding an answer the check cannot read, asked again without it."""
    for name in step.names:
        progress.values.pop(name, None)
    return _no_store(_render_step(request, progress, step, status=400, error=STEP_MESSAGES["unreadable"]))


@require_safe
def triage_form(request):
    """The check, one step at a time: each step is a GET carrying the answers so far; a submitted step
    (``answer=<step>``) is read and leads to the next step, or to the result. No JavaScript needed."""
    query = request.GET
    runner = _is_runner(request.user)
    if not query:
        standing = standing_initial(request.user.standing_conditions) if runner else {}
        if standing:
            # A signed-in runner's health background answers its questions; they can still change them here.
            return _no_store(_render_step(request, CheckProgress(standing), STEPS[0]))
        plain = not request.META.get("QUERY_STRING")  # one blank page to keep, whatever junk a link carries
        key = pagecache.key_for(request, timezone.localdate()) if plain and not runner else None
        kept = pagecache.get(key, pagecache.NO_TEXTS)
        if kept is not None:
            return kept
        context = _step_context(request, CheckProgress({}), STEPS[0])
        if not runner:
            context["form_html"] = blank_form_html()
        response = render(request, FORM_TEMPLATE, context)
        pagecache.keep(key, response, pagecache.NO_TEXTS)
        return response

    progress = CheckProgress(query)
    answering = query.get("answer")
    if answering is not None:
        if answering not in STEP_IDS:
            return _no_store(_render_step(request, progress, STEPS[0], status=400, error=STEP_MESSAGES["unreadable"]))
        step = STEPS[STEP_IDS[answering]]
        error, opened = progress.take(step, query)
        if error or opened:
            return _no_store(
                _render_step(request, progress, step, status=400 if error else 200, opened=opened, error=error or "")
            )
        unreadable = progress.first_unreadable()  # junk carried from an earlier step of a hand-made link
        if unreadable is not None:
            return _unreadable(request, progress, unreadable)
        if step.id == EMERGENCY_STEP and progress.emergency():
            # The emergency action at once, without the rest of the questions.
            return redirect(f"{reverse('triage:result')}?{urlencode(progress.pairs())}")
        index = STEP_IDS[step.id] + 1
        if index < len(STEPS):
            return redirect(step_url(reverse("triage:form"), STEPS[index], progress.pairs()))
        missing = progress.first_unanswered()
        if missing is not None:
            return redirect(step_url(reverse("triage:form"), missing, progress.pairs()))
        return redirect(f"{reverse('triage:result')}?{urlencode(progress.form.encoded())}")

    unreadable = progress.first_unreadable()
    if unreadable is not None:
        return _unreadable(request, progress, unreadable)
    wanted = query.get("step", STEPS[0].id)
    if wanted not in STEP_IDS:
        return _no_store(_render_step(request, progress, STEPS[0], status=400, error=STEP_MESSAGES["unreadable"]))
    missing = progress.first_unanswered(before=STEP_IDS[wanted])
    if missing is not None:  # a link to a later step: the first question not answered yet comes first
        return redirect(step_url(reverse("triage:form"), missing, progress.pairs()))
    response = _render_step(request, progress, STEPS[STEP_IDS[wanted]])
    return _no_store(response) if progress.values else response


@login_required
@require_http_methods(["GET", "POST"])
@runner_required
def health_background(request):
    """The runner's standing conditions, asked once; the check starts from them."""
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
    if form.is_valid():
        answers_given = form.to_answers()
        assessment = assess(answers_given)
        answers, answer_rows = form.encoded(), form.answer_rows()
        save_url = offers.save_url() if _is_runner(request.user) else None
    else:
        progress = CheckProgress(request.GET)
        if not progress.emergency():
            # Not every question answered, or an answer it cannot read: the first such step, with a message.
            unreadable, missing = progress.first_unreadable(), progress.first_unanswered()
            step = unreadable or missing or STEPS[0]
            error = STEP_MESSAGES["missing" if missing and not unreadable else "unreadable"]
            for name in step.names:
                progress.values.pop(name, None)
            return _no_store(_render_step(request, progress, step, status=400, error=error))
        # A yes to an emergency sign, and the check stopped there: an emergency whatever else is answered.
        progress.forget_unreadable()
        assessment = assess(progress.emergency_answers())
        answers, answer_rows, save_url = progress.pairs(), progress.answer_rows(), None
        answers_given = None
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
            "answer_rows": answer_rows,
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
