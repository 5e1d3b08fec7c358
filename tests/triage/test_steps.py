"""The check asked one step at a time, without JavaScript: each step a GET carrying the answers so far.

A small "browser" below reads each page's form (its hidden answers and the button pressed) and follows the
redirects, as a browser without JavaScript does, so these tests go through the pages a runner sees.
"""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from triage.codes import Symptom
from triage.forms import CHECKLIST_ITEMS, STEPS, CheckProgress
from triage.rulebook import EMERGENCY_SYMPTOMS, PARS_DEFECT, URGENT_SYMPTOMS

pytestmark = pytest.mark.django_db
FORM_URL = "/triage/"


class Page:
    """A page reached by following the check's links and forms."""

    def __init__(self, client, response):
        self.client, self.response = client, response
        self.html = response.content.decode()

    @property
    def status(self) -> int:
        return self.response.status_code

    @property
    def url(self) -> str:
        return self.response.request["PATH_INFO"] + "?" + self.response.request["QUERY_STRING"]

    def step(self) -> str:
        return re.search(r'data-step="(\w+)"', self.html).group(1)

    def hidden(self) -> list[tuple[str, str]]:
        return [
            (unescape(name), unescape(value))
            for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', self.html)
        ]

    def press(self, name: str, value: str, ticks=(), extra=()) -> Page:
        """Presses the submit button ``name=value``, with the boxes in ``ticks`` ticked."""
        assert re.search(rf'<button type="submit" name="{name}" value="{re.escape(value)}"', self.html), (name, value)
        for code in ticks:
            assert f'name="{code}" value="yes"' in self.html, code
        query = [*self.hidden(), *((code, "yes") for code in ticks), *extra, (name, value)]
        return self.get(f"{FORM_URL}?{urlencode(query)}")

    def get(self, url: str) -> Page:
        return Page(self.client, self.client.get(url, follow=True))

    def back(self) -> Page:
        url = unescape(re.search(r'href="([^"]+)"><i class="bi bi-chevron-left"', self.html).group(1))
        return self.get(url)


def start(client) -> Page:
    return Page(client, client.get(FORM_URL))


def nothing_worrying(page: Page) -> Page:
    """The taps of a runner with nothing worrying, from the first step: 8 of them."""
    page = page.press("emergency", "no")
    page = page.press("urgent", "no")
    page = page.press("pain_now", "3")
    page = page.press("normal_stride", "yes")
    page = page.press("spasm", "no")
    page = page.press("pain_side", "left")
    page = page.press("checklist", "no")
    return page.press("age", "18")


def test_every_sign_is_asked_in_exactly_one_step_red_flags_first():
    asked = [code for step in STEPS for code in step.items]
    assert sorted(asked) == sorted([*Symptom.values, PARS_DEFECT])
    assert len(asked) == len(set(asked))
    assert set(STEPS[0].items) == EMERGENCY_SYMPTOMS, "emergency signs first"
    assert set(STEPS[1].items) == URGENT_SYMPTOMS, "then same-day signs"
    assert [step.id for step in STEPS[2:6]] == ["pain_now", "normal_stride", "spasm", "pain_side"]
    assert STEPS[6].items == CHECKLIST_ITEMS
    assert STEPS[7].id == "age"


def test_a_runner_with_nothing_worrying_reaches_the_verdict_in_eight_steps_without_javascript(client):
    page = start(client)
    assert page.status == 200
    assert "Step 1 of 8" in page.html
    assert "Any of these?" in page.html
    for code in STEPS[0].items:
        assert Symptom(code).label.split(" (")[0] in unescape(page.html)
    page = page.press("emergency", "no")
    assert "Step 2 of 8" in page.html
    page = page.press("urgent", "no")
    assert "Step 3 of 8" in page.html
    assert "How bad is your back pain right now?" in page.html
    page = page.press("pain_now", "3")
    page = page.press("normal_stride", "yes")
    page = page.press("spasm", "no")
    page = page.press("pain_side", "left")
    assert "Step 7 of 8" in page.html
    page = page.press("checklist", "no")
    assert "Step 8 of 8" in page.html
    assert "How old are you?" in page.html
    page = page.press("age", "18", extra=[("load_changes", "faster")])
    assert page.status == 200
    assert page.response.request["PATH_INFO"] == "/triage/result/"
    assert 'data-verdict="easy_run"' in page.html
    assert page.response.context["assessment"].verdict == "easy_run"
    assert "advice_load_increase" in page.response.context["assessment"].advice_codes
    # The result URL is the result's usual format: every answer by its name, in the form's order.
    query = dict(parse_qsl(urlsplit(page.url).query))
    assert (query["pain_now"], query["pain_side"], query["age"]) == ("3", "left", "18")
    assert all(query[code] == "no" for code in Symptom.values)
    assert query["pars_defect"] == "no"


def test_an_emergency_sign_shows_the_emergency_result_at_once_without_the_other_questions(client):
    page = start(client).press("open", "emergency")
    assert page.status == 200, "Yes opens the items to tick"
    assert 'name="saddle_numbness" value="yes"' in page.html
    assert "Show me what to do" in page.html
    page = page.press("emergency", "yes", ticks=["saddle_numbness"])
    assert page.response.request["PATH_INFO"] == "/triage/result/"
    assert page.status == 200
    assert 'data-verdict="emergency"' in page.html
    assert 'href="tel:999"' in page.html
    assessment = page.response.context["assessment"]
    assert assessment.rule_ids == ("emergency.saddle_numbness",)
    assert "Save to my journal" not in page.html
    # Printed, it lists only what was asked.
    rows = dict(page.response.context["answer_rows"])
    assert rows[Symptom.SADDLE_NUMBNESS.label] == "Yes"
    assert not any("pain" in question.lower() and "right now" in question.lower() for question in rows)
    # The URL can be loaded again, and printed: the same page.
    again = Page(client, client.get(page.url))
    assert again.status == 200
    assert 'data-verdict="emergency"' in again.html


def test_an_emergency_sign_wins_whatever_else_was_answered(client):
    page = nothing_worrying(start(client))
    assert page.response.context["assessment"].verdict == "easy_run"
    change = page.get(page.response.context["change_url"])
    assert change.step() == "emergency"
    page = change.press("emergency", "yes", ticks=["bladder_bowel"])
    assert page.response.context["assessment"].verdict == "emergency"
    assert page.response.context["assessment"].rule_ids == ("emergency.bladder_bowel",)


def test_back_keeps_every_answer(client):
    page = start(client).press("emergency", "no").press("urgent", "no").press("pain_now", "7")
    assert page.step() == "normal_stride"
    back = page.back()
    assert back.step() == "pain_now"
    assert re.search(r'name="pain_now" value="7" class="btn btn-lg btn-brand"', back.html), "the answer shows"
    back = back.back().back()
    assert back.step() == "emergency"
    assert "(your answer)" in back.html
    # Going forward again from the first step keeps the later answers.
    page = back.press("emergency", "no")
    assert ("pain_now", "7") in page.hidden()


def test_a_sign_group_answered_no_is_a_no_to_each_item_and_a_yes_ticks_some(client):
    page = start(client).press("emergency", "no").press("open", "urgent")
    page = page.press("urgent", "yes", ticks=["fever"])
    hidden = dict(page.hidden())
    assert hidden["fever"] == "yes"
    assert all(hidden[code] == "no" for code in STEPS[0].items)
    assert hidden["weight_loss"] == hidden["cancer_history"] == hidden["infection_risk"] == "no"


@pytest.mark.parametrize(
    ("step", "query", "message"),
    [
        ("emergency", {"emergency": "yes"}, "Tick the ones you have, or answer No."),
        ("emergency", {"emergency": "no", "both_legs": "yes"}, "You ticked some of these but answered No."),
        ("emergency", {"emergency": "maybe"}, "Answer Yes or No."),
        ("emergency", {}, "Answer Yes or No."),
    ],
)
def test_each_step_says_what_is_wrong(client, step, query, message):
    response = client.get(FORM_URL, {"answer": step, **query})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert response["Cache-Control"] == "no-store, private"


def test_a_step_answered_with_an_unknown_value_is_asked_again(client):
    url = f"{FORM_URL}?" + urlencode([*[(c, "no") for c in STEPS[0].items], ("answer", "pain_now"), ("pain_now", "11")])
    response = client.get(url)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose one of the answers." in html
    assert 'data-step="pain_now"' in html


def test_a_tick_with_no_leaves_the_tick_for_the_runner_to_see(client):
    response = client.get(FORM_URL, {"answer": "emergency", "emergency": "no", "both_legs": "yes"})
    assert re.search(r'name="both_legs" value="yes" id="id_both_legs" checked', response.content.decode())


def test_a_link_to_a_later_step_starts_at_the_first_question_not_answered(client):
    response = client.get(FORM_URL, {"step": "age", "pain_now": "4"})
    assert response.status_code == 302
    assert "step=emergency" in response.url
    assert "pain_now=4" in response.url


@pytest.mark.parametrize(
    "query",
    [
        {"step": "nowhere"},
        {"answer": "nowhere"},
        {"step": "pain_now", "pain_now": "eleven"},
        {"saddle_numbness": "perhaps"},
        {"age": "0"},
        {"sex": "<script>"},
        {"load_changes": ["further", "x" * 500]},
    ],
)
def test_junk_in_the_query_string_gives_400_with_a_message(client, query):
    response = client.get(FORM_URL, query)
    assert response.status_code == 400
    assert "could not be read" in response.content.decode()
    assert "<script>" not in response.content.decode().split("<body", 1)[1].replace("<script src=", "")


def test_junk_carried_from_an_earlier_step_is_caught_before_the_result(client):
    answers = {code: "no" for step in STEPS for code in step.items}
    answers.update(pain_now="11", normal_stride="yes", spasm="no", pain_side="left")
    response = client.get(FORM_URL, {**answers, "answer": "age", "age": "18"})
    assert response.status_code == 400
    assert response.context["step"].id == "pain_now"
    response = client.get(FORM_URL, {**answers, "saddle_numbness": "yes", "answer": "emergency", "emergency": "no"})
    assert response.status_code == 400


def test_an_incomplete_result_link_asks_the_first_question_not_answered(client):
    response = client.get("/triage/result/", {**dict.fromkeys(STEPS[0].items, "no"), "pain_now": "3"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-step="urgent"' in html
    assert "has not been answered yet" in html


def test_a_result_link_with_an_emergency_no_and_nothing_else_is_not_an_emergency(client):
    response = client.get("/triage/result/", dict.fromkeys(STEPS[0].items, "no"))
    assert response.status_code == 400
    assert 'data-verdict="emergency"' not in response.content.decode()


def test_a_signed_in_runners_background_is_ticked_in_its_steps(client, runner):
    runner.standing_conditions = ["cancer_history", "pars_defect"]
    runner.save()
    client.force_login(runner)
    page = start(client)
    assert page.response["Cache-Control"] == "no-store, private"
    assert {("cancer_history", "yes"), ("pars_defect", "yes")} <= set(page.hidden())
    assert 'href="/triage/background/"' in page.html
    page = page.press("emergency", "no")
    assert re.search(r'name="cancer_history" value="yes" id="id_cancer_history" checked', page.html)
    assert not re.search(r'name="fever" value="yes" id="id_fever" checked', page.html), "the others are asked"
    page = page.press("urgent", "yes", ticks=["cancer_history"])
    for name, value in (("pain_now", "2"), ("normal_stride", "yes"), ("spasm", "no"), ("pain_side", "none")):
        page = page.press(name, value)
    assert re.search(r'name="pars_defect" value="yes" id="id_pars_defect" checked', page.html)
    page = page.press("checklist", "yes", ticks=["pars_defect"])
    page = page.press("age", "41")
    assessment = page.response.context["assessment"]
    assert assessment.verdict == "urgent"
    assert "urgent.cancer_history" in assessment.rule_ids


def test_progress_reads_only_the_result_urls_names():
    progress = CheckProgress({"pain_now": "4", "none_legs": "on", "step": "age", "unexpected": "x"})
    assert progress.values == {"pain_now": "4"}
    assert progress.first_unanswered().id == "emergency"


NAMES = [
    "answer",
    "open",
    "step",
    "emergency",
    "urgent",
    "checklist",
    "pain_now",
    "age",
    "sex",
    "load_changes",
    "saddle_numbness",
    "fever",
    "pars_defect",
    "pain_side",
    "normal_stride",
    "country",
]
VALUES = st.sampled_from(
    ["yes", "no", "", "3", "11", "17", "emergency", "age", "checklist", "left", "further", "x" * 300, "\x00", "<b>"]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.lists(st.tuples(st.sampled_from(NAMES), VALUES), max_size=12))
def test_no_query_string_breaks_the_steps_or_the_result(client, query):
    for url in (FORM_URL, "/triage/result/"):
        response = client.get(f"{url}?{urlencode(query)}")
        assert response.status_code in (200, 302, 400), (url, query, response.status_code)
        if response.status_code == 200 and url == "/triage/result/":
            assert 'data-verdict="' in response.content.decode()


def test_the_docs_describe_the_steps_there_are():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    doc = (root / "docs" / "triage-rules.md").read_text()
    section = doc.split("## How the check asks", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ") and not line.startswith("| Step")]
    assert rows[0].startswith("| 1 | Emergency signs (`EMERGENCY_SYMPTOMS`)")
    assert rows[1].startswith("| 2 | Same-day signs (`URGENT_SYMPTOMS`")
    assert rows[2].startswith("| 3 to 6 |"), "the article's four questions"
    assert rows[-1].startswith(f"| {len(STEPS)} |")
    assert "`CHECKLIST_ITEMS`" in rows[-2]
    assert "eight short steps" in (root / "README.md").read_text()
    assert len(STEPS) == 8
