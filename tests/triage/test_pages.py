"""The triage form and result pages."""

from __future__ import annotations

import logging
import re
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from tests.factories import PhysioFactory
from triage.models import AdviceText

FORM_URL = "/triage/"
RESULT_URL = "/triage/result/"

EASY = {
    "pain_now": "3",
    "normal_stride": "yes",
    "spasm": "no",
    "pain_side": "left",
    "pars_defect": "no",
}


def result_url(**changes) -> str:
    data = {**EASY, **changes}
    return f"{RESULT_URL}?{urlencode(data, doseq=True)}"


def test_the_urls_have_stable_names():
    assert reverse("triage:form") == FORM_URL
    assert reverse("triage:result") == RESULT_URL


@pytest.mark.django_db
def test_the_form_asks_every_question_and_needs_no_login(client):
    response = client.get(FORM_URL)
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("pain_now", "normal_stride", "spasm", "pain_side", "symptoms", "pars_defect", "age", "sex"):
        assert f'name="{name}"' in html
    assert 'value="further"' in html
    assert "This question is about your back only" in html
    assert "in the legs, not across the back" in html
    assert 'action="/triage/result/"' in html


@pytest.mark.django_db
def test_an_easy_run_result_shows_verdict_reasons_cause_advice_and_help(client):
    response = client.get(result_url(load_changes=["faster"], sex="male", age="52"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-verdict="easy_run"' in html
    assert "Run, but keep it easy" in html
    assert "Your pain is 3 out of 10" in html
    assert "Likely cause: a stiff hip" in html
    assert "Walking lunges" in html
    assert "Sumo squat stretch" in html
    assert "When to get help" in html
    assert "not a diagnosis" in html
    assert "Worth knowing" in html
    assert "Runners over 40" in html
    assert 'class="bi bi-speedometer' in html, "an icon as well as colour"


@pytest.mark.django_db
def test_an_emergency_result_leads_with_emergency_care_and_no_exercises(client):
    response = client.get(result_url(symptoms=["both_legs"], pain_side="both"))
    html = response.content.decode()
    assert 'data-verdict="emergency"' in html
    assert "Get emergency care now" in html
    assert "999" in html
    assert "fartlek" not in html.lower()
    assert "exclamation-octagon-fill" in html


@pytest.mark.django_db
def test_bad_answers_show_the_form_again_with_a_message_next_to_each_field(client):
    response = client.get(f"{RESULT_URL}?pain_now=11&normal_stride=maybe&pain_side=top&symptoms=hiccups")
    assert response.status_code == 400
    form = response.context["form"]
    assert set(form.errors) == {"pain_now", "normal_stride", "spasm", "pain_side", "symptoms", "pars_defect"}
    html = response.content.decode()
    assert "Choose yes or no." in html
    assert "Some answers are missing" in html


@pytest.mark.django_db
def test_the_result_page_without_answers_goes_back_to_the_form(client):
    response = client.get(RESULT_URL)
    assert response.status_code == 302
    assert response.url == FORM_URL


@pytest.mark.django_db
def test_change_my_answers_prefills_the_form(client):
    response = client.get(result_url(symptoms=["night_pain"], load_changes=["strength"]))
    change_url = response.context["change_url"]
    form = client.get(change_url).context["form"]
    assert form.initial["pain_side"] == "left"
    assert form.initial["symptoms"] == ["night_pain"]
    assert form.initial["load_changes"] == ["strength"]
    html = client.get(change_url).content.decode()
    assert re.search(r'name="symptoms" value="night_pain"[^>]*checked', html)
    assert not re.search(r'name="symptoms" value="fever"[^>]*checked', html)


@pytest.mark.django_db
def test_an_anonymous_visitor_is_offered_sign_up_not_saving(client):
    html = client.get(result_url()).content.decode()
    assert "Sign up to keep a journal" in html
    assert "Save to my journal" not in html


@pytest.mark.django_db
def test_without_the_journal_view_a_runner_sees_no_save_button(client, runner, settings):
    settings.ROOT_URLCONF = "tests.triage.urls_without_journal"
    client.force_login(runner)
    html = client.get(result_url()).content.decode()
    assert "Save to my journal" not in html
    assert "Sign up" not in html.split('id="not-a-diagnosis"')[1]


@pytest.mark.django_db
def test_a_signed_in_runner_can_post_the_answers_to_the_journal(client, runner, settings):
    settings.ROOT_URLCONF = "tests.triage.urls_with_journal"
    client.force_login(runner)
    response = client.get(result_url(symptoms=["night_pain", "leg_pain"], age="44", load_changes=["further"]))
    html = response.content.decode()
    assert "Save to my journal" in html
    assert 'action="/journal/triage/save/"' in html
    assert response.context["answers"] == [
        ("pain_now", "3"),
        ("normal_stride", "yes"),
        ("spasm", "no"),
        ("pain_side", "left"),
        ("symptoms", "leg_pain"),
        ("symptoms", "night_pain"),
        ("pars_defect", "no"),
        ("age", "44"),
        ("load_changes", "further"),
    ]
    for name, value in response.context["answers"]:
        assert f'<input type="hidden" name="{name}" value="{value}">' in html
    assert "csrfmiddlewaretoken" in html


@pytest.mark.django_db
def test_the_hidden_answers_are_accepted_by_the_form_again(client):
    from django.http import QueryDict

    from triage.forms import TriageForm

    response = client.get(result_url(symptoms=["fever"], sex="female", age="30", load_changes=["faster"]))
    query = QueryDict(mutable=True)
    for name, value in response.context["answers"]:
        query.appendlist(name, value)
    form = TriageForm(query)
    assert form.is_valid(), form.errors
    assert form.to_answers().symptoms == frozenset({"fever"})


@pytest.mark.django_db
def test_a_physio_sees_neither_save_nor_sign_up(client, settings):
    settings.ROOT_URLCONF = "tests.triage.urls_with_journal"
    client.force_login(PhysioFactory())
    html = client.get(result_url()).content.decode()
    assert "Save to my journal" not in html
    assert "Sign up to keep a journal" not in html


@pytest.mark.django_db
def test_an_admin_edit_shows_on_the_result_page(client):
    AdviceText.objects.filter(code="verdict_easy_run").update(body="Jog gently along the **canal**.")
    html = client.get(result_url()).content.decode()
    assert "Jog gently along the <strong>canal</strong>." in html


@pytest.mark.django_db
def test_a_missing_text_falls_back_to_a_safe_built_in_one_and_logs_a_warning(client, caplog):
    AdviceText.objects.filter(code="verdict_emergency").delete()
    with caplog.at_level(logging.WARNING, logger="triage.advice"):
        response = client.get(result_url(symptoms=["saddle_numbness"]))
    assert response.status_code == 200
    assert "Get emergency care now" in response.content.decode()
    assert 'href="tel:999"' in response.content.decode()
    assert "verdict_emergency" in caplog.text


# --- query counts ---------------------------------------------------------------------------------
def _add_versions(count: int) -> None:
    text = AdviceText.objects.get(code="verdict_easy_run")
    for n in range(count):
        text.body = f"Version {n}: keep it easy."
        text.save()


@pytest.mark.django_db
@pytest.mark.parametrize("versions", [1, 50])
def test_the_result_page_runs_one_query_for_a_visitor(client, django_assert_num_queries, versions):
    _add_versions(versions)
    with django_assert_num_queries(1):  # every advice text shown, with its latest history id
        response = client.get(result_url(load_changes=["further"]))
    assert response.status_code == 200
    assert f"Version {versions - 1}" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("versions", [1, 50])
def test_the_result_page_runs_three_queries_for_a_runner(client, runner, django_assert_num_queries, versions):
    _add_versions(versions)
    client.force_login(runner)
    with django_assert_num_queries(3):  # session, user, advice texts with their versions
        assert client.get(result_url(pain_side="both")).status_code == 200


@pytest.mark.django_db
def test_the_form_page_runs_no_query_for_a_visitor_and_two_for_a_runner(client, runner, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get(FORM_URL).status_code == 200
    client.force_login(runner)
    with django_assert_num_queries(2):  # session, user
        assert client.get(FORM_URL).status_code == 200
