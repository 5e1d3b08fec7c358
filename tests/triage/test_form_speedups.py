"""The triage form's speed-ups must not change what it accepts or shows: the blank first step rendered once
per process, and TriageAnswers (the same questions, fields shared instead of copied) on the result page."""

from __future__ import annotations

import copy
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import QueryDict
from django.template.loader import render_to_string

from tests.triage.formdata import with_signs
from triage.forms import STEPS, CheckProgress, TriageAnswers, TriageForm
from triage.views import _step_context, blank_form_html

EASY = {"pain_now": "3", "normal_stride": "yes", "spasm": "no", "pain_side": "left", "pars_defect": "no"}
CASES = [
    with_signs(EASY),
    with_signs({**EASY, "symptoms": ["saddle_numbness"]}),
    with_signs({**EASY, "pain_now": "11"}),
    {**EASY},  # warning signs not answered
    {**with_signs(EASY), "none_nerves": "on", "saddle_numbness": "yes"},  # "none of these" and a yes
    {"pain_now": "x\x00"},
]


@pytest.mark.parametrize("data", CASES)
def test_answers_are_read_exactly_as_the_form_reads_them(data):
    query = QueryDict(mutable=True)
    for name, value in data.items():
        query.setlist(name, value if isinstance(value, list) else [value])
    shown, read = TriageForm(query), TriageAnswers(query)
    assert read.is_valid() == shown.is_valid()
    assert read.errors == shown.errors
    if shown.is_valid():
        assert read.to_answers() == shown.to_answers()
        assert read.answer_rows() == shown.answer_rows()
        assert read.encoded() == shown.encoded()


def test_reading_answers_with_errors_leaves_the_shared_fields_untouched():
    before = {name: copy.deepcopy(field.widget.attrs) for name, field in TriageAnswers.base_fields.items()}
    CheckProgress(QueryDict("pain_now=x&age=0")).first_unreadable()
    TriageAnswers(QueryDict("pain_now=3")).is_valid()
    after = {name: field.widget.attrs for name, field in TriageAnswers.base_fields.items()}
    assert after == before


def test_the_blank_first_step_rendered_once_is_the_step_rendered_now(rf):
    request = rf.get("/triage/")
    request.user = AnonymousUser()
    assert blank_form_html() == render_to_string(
        "triage/_step_form.html", _step_context(request, CheckProgress({}), STEPS[0])
    )
    assert "(your answer)" not in blank_form_html(), "the shared blank step has an answer in it"
    assert 'type="hidden" name="answer" value="emergency"' in blank_form_html()


@pytest.mark.django_db
def test_the_form_page_serves_it_and_a_page_with_answers_shows_them(client):
    assert blank_form_html() in client.get("/triage/").content.decode()
    first_two = "&".join(f"{code}=no" for step in STEPS[:2] for code in step.items)
    html = client.get(f"/triage/?step=pain_now&{first_two}&pain_now=7").content.decode()
    assert re.search(
        r'name="pain_now" value="7" class="btn btn-lg btn-brand">7<span class="visually-hidden"> \(your answer\)', html
    )
    assert '<input type="hidden" name="fever" value="no">' in html


def test_triage_answers_cannot_be_changed():
    form = TriageAnswers(QueryDict("pain_now=3"))
    with pytest.raises(TypeError, match="shares its fields"):
        form.fields["pain_now"] = None


def test_each_web_process_renders_the_blank_form_as_it_starts():
    import importlib

    import config.wsgi

    blank_form_html.cache_clear()
    importlib.reload(config.wsgi)
    assert blank_form_html.cache_info().currsize == 1, "the first visitor of each process would wait for it"


def test_each_web_process_starts_weasyprint_as_it_starts_and_starts_anyway_without_it(monkeypatch, capsys):
    """The first PDF of a process pays WeasyPrint's load and font set-up (about 0.4 s): the process pays it
    as it starts, not the physio whose download the warm-up task did not make. Without the PDF libraries
    the site still starts."""
    import importlib

    import config.wsgi
    import core.pdf

    made = []
    monkeypatch.setattr(core.pdf, "html_to_pdf", lambda html: made.append(html) or b"%PDF")
    importlib.reload(config.wsgi)
    assert made == ["<p>Backtrack</p>"]

    def missing(html):
        raise OSError("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(core.pdf, "html_to_pdf", missing)
    capsys.readouterr()
    importlib.reload(config.wsgi)  # sets up Django's logging again: the warning goes to the console handler
    assert "WARNING config.wsgi: WeasyPrint could not start; PDF reports will fail" in capsys.readouterr().err
