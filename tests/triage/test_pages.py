"""The triage form and result pages."""

from __future__ import annotations

import logging
import re
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from tests.factories import PhysioFactory
from tests.query_counts import QUERY_COUNTS
from tests.triage.formdata import EASY, RESULT_URL, result_url, with_signs
from triage import offers
from triage.codes import Symptom
from triage.forms import STEPS
from triage.models import AdviceText

FORM_URL = "/triage/"


def test_the_urls_have_stable_names():
    assert reverse("triage:form") == FORM_URL
    assert reverse("triage:result") == RESULT_URL


@pytest.mark.django_db
def test_the_check_asks_every_question_and_needs_no_login(client):
    response = client.get(FORM_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'method="get" action="/triage/"' in html
    assert "not aching or tired leg muscles after a run" in html, "the emergency signs come first"
    asked = {name for step in STEPS for name in step.names}
    assert asked == {
        "pain_now",
        "normal_stride",
        "spasm",
        "pain_side",
        *Symptom.values,
        "pars_defect",
        "age",
        "sex",
        "load_changes",
    }
    age_step = client.get(f"{FORM_URL}?{urlencode(with_signs({**EASY, 'step': 'age', 'age': None}))}").content.decode()
    assert 'value="further"' in age_step
    assert 'name="sex"' in age_step
    assert re.search(r'<button type="submit" name="age" value="17"', age_step), "the age is asked, as a band"


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
def test_bad_answers_ask_the_first_unreadable_question_again_with_a_message(client):
    response = client.get(f"{RESULT_URL}?pain_now=11&normal_stride=maybe&pain_side=top&fever=hiccups")
    assert response.status_code == 400
    assert response.context["step"].id == "urgent", "the same-day signs come before the pain"
    html = response.content.decode()
    assert "Some answers in this link could not be read" in html
    assert 'data-verdict="' not in html
    assert 'name="fever" value="yes" id="id_fever" checked' not in html


@pytest.mark.django_db
def test_the_age_cannot_be_left_blank_on_the_form(client):
    # A 15-year-old with pain on arching backwards used to leave it blank and get easy_run.
    blank = with_signs({**EASY, "symptoms": ["extension_pain"], "age": None})
    response = client.get(f"{RESULT_URL}?{urlencode(blank)}")
    assert response.status_code == 400
    assert response.context["step"].id == "age"
    assert "has not been answered yet" in response.content.decode()
    teen = client.get(f"{RESULT_URL}?{urlencode({**blank, 'age': '17'})}")
    assert teen.context["assessment"].verdict == "see_clinician"


@pytest.mark.parametrize(
    ("age", "band", "rule_id"),
    [
        ("17", "Under 18", "clinician.extension_pain_under_18"),
        ("18", "18 to 40", None),
        ("41", "41 to 49", None),
        ("50", "50 to 69", "clinician.first_episode_over_50"),
        ("70", "70 or over", "urgent.fall_over_70"),
    ],
)
@pytest.mark.django_db
def test_each_age_band_reaches_the_age_rules_of_its_band(client, age, band, rule_id):
    page = client.get(f"{FORM_URL}?{urlencode(with_signs({**EASY, 'step': 'age', 'age': None}))}").content.decode()
    assert f'name="age" value="{age}" class="btn btn-lg btn-outline-dark">{band}</button>' in page
    signs = {"17": ["extension_pain"], "50": ["first_episode"], "70": ["trauma"]}.get(age, ["extension_pain"])
    response = client.get(f"{RESULT_URL}?{urlencode(with_signs({**EASY, 'symptoms': signs, 'age': age}))}")
    assert response.status_code == 200
    assessment = response.context["assessment"]
    if rule_id:
        assert rule_id in assessment.rule_ids
    else:
        assert assessment.verdict == "easy_run"
    assert ("Age", band) in response.context["answer_rows"]


@pytest.mark.django_db
def test_an_exact_age_from_an_older_link_still_works_and_shows_as_its_band(client):
    response = client.get(f"{RESULT_URL}?{urlencode(with_signs({**EASY, 'age': '52'}))}")
    assert response.status_code == 200
    assert ("Age", "50 to 69") in response.context["answer_rows"]
    change = client.get(response.context["change_url"].replace("?", "?step=age&")).content.decode()
    assert (
        'name="age" value="50" class="btn btn-lg btn-brand">50 to 69<span class="visually-hidden"> (your answer)'
        in change
    )


@pytest.mark.django_db
def test_none_of_these_answers_a_whole_group_no(client):
    data = with_signs({**EASY, "symptoms": []})
    for code in ("leg_pain", "leg_neuro", "both_legs", "leg_weakness_worsening"):
        del data[code]
    assert client.get(f"{RESULT_URL}?{urlencode(data)}").status_code == 400, "unanswered without 'none of these'"
    response = client.get(f"{RESULT_URL}?{urlencode({**data, 'none_legs': 'on'})}")
    assert response.status_code == 200
    assert response.context["assessment"].verdict == "easy_run"


@pytest.mark.django_db
def test_none_of_these_with_a_yes_in_its_group_is_refused(client):
    data = with_signs({**EASY, "symptoms": ["leg_pain"], "none_legs": "on"})
    response = client.get(f"{RESULT_URL}?{urlencode(data)}")
    assert response.status_code == 400
    assert 'data-verdict="' not in response.content.decode()


@pytest.mark.django_db
def test_the_result_page_without_answers_goes_back_to_the_form(client):
    response = client.get(RESULT_URL)
    assert response.status_code == 302
    assert response.url == FORM_URL


@pytest.mark.django_db
def test_change_my_answers_starts_the_steps_again_with_every_answer(client):
    response = client.get(result_url(symptoms=["night_pain"], load_changes=["strength"]))
    change_url = response.context["change_url"]
    first = client.get(change_url)
    assert first.context["step"].id == "emergency"
    assert '<input type="hidden" name="pain_side" value="left">' in first.content.decode()
    assert '<input type="hidden" name="load_changes" value="strength">' in first.content.decode()
    checklist = client.get(change_url.replace("?", "?step=checklist&")).content.decode()
    assert re.search(r'name="night_pain" value="yes" id="id_night_pain" checked', checklist)
    assert not re.search(r'name="leg_pain" value="yes" id="id_leg_pain" checked', checklist)
    urgent = client.get(change_url.replace("?", "?step=urgent&")).content.decode()
    assert 'value="no" class="btn btn-lg btn-brand">No<span class="visually-hidden"> (your answer)' in urgent


@pytest.mark.django_db
def test_an_anonymous_visitor_is_offered_sign_up_not_saving(client):
    html = client.get(result_url()).content.decode()
    assert "Sign up to keep a journal" in html
    assert "Save to my journal" not in html


@pytest.mark.django_db
def test_without_a_registered_save_view_a_runner_sees_no_save_button(client, runner, monkeypatch):
    monkeypatch.setattr(offers, "_save_views", [])  # no app keeps results (the journal registers its view)
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
        *[(code, "yes" if code in {"leg_pain", "night_pain"} else "no") for code in Symptom.values],
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
    client.get(result_url())  # the texts are now in this process's memory
    text = AdviceText.objects.get(code="verdict_easy_run")
    text.body = "Jog gently along the **canal**."
    text.save()
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
def test_the_result_page_runs_no_query_for_a_visitor(client, django_assert_num_queries, versions):
    _add_versions(versions)
    client.get(result_url())  # loads every advice text with its latest history id, once per process
    with django_assert_num_queries(QUERY_COUNTS["triage result, visitor"]):  # the texts come from memory
        response = client.get(result_url(load_changes=["further"]))
    assert response.status_code == 200
    assert f"Version {versions - 1}" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("versions", [1, 50])
def test_the_result_page_runs_three_queries_for_a_runner(client, runner, django_assert_num_queries, versions):
    _add_versions(versions)
    client.force_login(runner)
    client.get(result_url())  # the advice texts, loaded once per process
    # session, user, and whether a plan is under way (an "easy run" result offers one: plans/apps.py)
    with django_assert_num_queries(QUERY_COUNTS["triage result, signed in"]):
        response = client.get(result_url(pain_side="both"))
    assert response.status_code == 200
    assert response.context["assessment"].verdict == "easy_run"


@pytest.mark.django_db
def test_the_form_page_runs_no_query_for_a_visitor_and_two_for_a_runner(client, runner, django_assert_num_queries):
    with django_assert_num_queries(QUERY_COUNTS["triage form, visitor"]):
        assert client.get(FORM_URL).status_code == 200
    client.force_login(runner)
    with django_assert_num_queries(QUERY_COUNTS["triage form, signed in"]):  # session, user
        assert client.get(FORM_URL).status_code == 200


def _main(html: str) -> str:
    return html.split("<main", 1)[1].split("</main>", 1)[0]


@pytest.mark.django_db
def test_an_urgent_result_says_see_a_doctor_today_with_nhs_111_and_nothing_else(client):
    html = client.get(result_url(symptoms=["weight_loss"], pain_side="left", load_changes=["further"])).content.decode()
    main = _main(html)
    assert 'data-verdict="urgent"' in main
    assert "See a doctor today" in main
    assert 'href="tel:111"' in main
    assert 'href="tel:999"' in main.split('href="tel:111"', 1)[1], "999 comes after 111, for if it gets worse"
    for excluded in ("Likely cause", "When to get help", "Worth knowing", "common", "Sign up", "lunges"):
        assert excluded not in main, excluded
    assert "weight" in main.split('id="reasons"', 1)[1]
    assert "not a diagnosis" in main


@pytest.mark.django_db
def test_a_see_clinician_result_gives_no_running_advice(client):
    main = _main(client.get(result_url(symptoms=["night_pain"], pain_side="both")).content.decode())
    assert "See a clinician before you run" in main
    for excluded in ("fartlek", "run:walk", "stair", "lunges", "easy, conversational pace"):
        assert excluded not in main.lower(), excluded
    assert "tel:" not in main


@pytest.mark.django_db
def test_walk_and_easy_run_advice_keep_load_ideas_for_when_running_is_back_to_normal(client):
    for change in ({"spasm": "yes", "pain_side": "both"}, {"pain_side": "both"}):
        main = _main(client.get(result_url(**change)).content.decode())
        assert "keep running regularly" not in main.lower()
        assert "When you are back to normal running" in main.split("fartlek", 1)[0]
    easy = _main(client.get(result_url()).content.decode())
    assert "in almost every case" in easy, "not 'running does not damage it', but the article's 'almost never'"
    assert "pars defect" in easy
    assert "Stop and walk home" in easy
    assert "stair session" in easy, "stairs go with the stiff-hip advice"


@pytest.mark.django_db
def test_pain_of_8_with_a_normal_stride_says_walk_not_run(client):
    main = _main(client.get(result_url(pain_now="8")).content.decode())
    assert 'data-verdict="walk_instead"' in main
    assert "8 out of 10" in main


@pytest.mark.django_db
def test_a_care_now_result_offers_another_countrys_numbers(client):
    emergency = result_url(symptoms=["saddle_numbness"])
    html = client.get(emergency).content.decode()
    assert 'href="tel:999"' in html
    assert "Numbers for the United Kingdom." in html
    assert "Not in the United Kingdom?" in html
    found = re.findall(r'<a class="btn btn-outline-secondary" href="(\?[^"]+)" rel="nofollow">([^<]+)</a>', html)
    links = {name: url.replace("&amp;", "&") for url, name in found}
    assert set(links) == {"Ireland", "Elsewhere in the EU", "United States", "Canada", "Australia", "New Zealand"}
    american = client.get(RESULT_URL + links["United States"])
    page = american.content.decode()
    assert 'href="tel:911"' in page
    assert 'href="tel:999"' not in page
    assert "Numbers for the United States." in page
    assert "Not in the United States?" in page
    canada = client.get(RESULT_URL + links["Canada"]).content.decode()
    assert "Numbers for Canada." in canada
    assert "Not in Canada?" in canada
    assert american.context["assessment"].verdict == "emergency"  # the same answers, kept in the link


@pytest.mark.django_db
@pytest.mark.parametrize("country", ["ZZ", "us", "<script>", "GB\x00"])
def test_an_unknown_country_in_the_link_falls_back_to_the_usual_numbers(client, country):
    html = client.get(result_url(symptoms=["saddle_numbness"]) + "&" + urlencode({"country": country})).content.decode()
    assert 'href="tel:999"' in html
    assert "<script>" not in html.split("<body", 1)[1].replace("<script src=", "")


@pytest.mark.django_db
def test_a_result_without_care_now_offers_no_numbers(client):
    assert 'id="other-country-numbers"' not in client.get(result_url()).content.decode()
