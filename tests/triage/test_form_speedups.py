"""The triage form's speed-ups must not change what it accepts or shows: the blank form rendered once per
process, and TriageAnswers (the same questions, fields shared instead of copied) on the result page."""

from __future__ import annotations

import copy
import re

import pytest
from crispy_forms.utils import render_crispy_form
from django.http import QueryDict

from tests.triage.formdata import with_signs
from triage.forms import TriageAnswers, TriageForm
from triage.views import blank_form_html

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


def test_showing_a_form_with_errors_leaves_the_shared_fields_untouched():
    before = {name: copy.deepcopy(field.widget.attrs) for name, field in TriageAnswers.base_fields.items()}
    render_crispy_form(TriageForm(QueryDict("pain_now=3")))
    TriageAnswers(QueryDict("pain_now=3")).is_valid()
    after = {name: field.widget.attrs for name, field in TriageAnswers.base_fields.items()}
    assert after == before


def test_the_blank_form_rendered_once_is_the_form_rendered_now():
    assert blank_form_html() == render_crispy_form(TriageForm())


@pytest.mark.django_db
def test_the_form_page_serves_it_and_a_page_with_answers_is_prefilled(client):
    assert blank_form_html() in client.get("/triage/").content.decode()
    html = client.get("/triage/?pain_now=7&spasm=yes").content.decode()
    assert '<option value="7" selected>' in html
    assert re.search(r'name="spasm" value="yes"[^>]*checked', html)
    assert not re.search(r'<option value="\d+" selected', blank_form_html()), (
        "the shared blank form has an answer in it"
    )


def test_triage_answers_cannot_be_changed_or_rendered():
    form = TriageAnswers(QueryDict("pain_now=3"))
    with pytest.raises(TypeError, match="shares its fields"):
        form.fields["pain_now"] = None
    with pytest.raises(TypeError, match="never rendered"):
        render_crispy_form(form)


def test_each_web_process_renders_the_blank_form_as_it_starts():
    import importlib

    import config.wsgi

    blank_form_html.cache_clear()
    importlib.reload(config.wsgi)
    assert blank_form_html.cache_info().currsize == 1, "the first visitor of each process would wait for it"
