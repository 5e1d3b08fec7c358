"""Admins edit advice text: draft, preview, publish, sanitising, history and revert, and texts that cannot
be published empty."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core import publishing
from tests.triage.formdata import with_signs
from triage.contacts import numbers_in
from triage.models import AdviceText

RESULT_URL = "/triage/result/?" + urlencode(  # an easy run
    with_signs({"pain_now": 3, "normal_stride": "yes", "spasm": "no", "pain_side": "left", "pars_defect": "no"})
)


def change_url(text: AdviceText) -> str:
    return reverse("admin:triage_advicetext_change", args=[text.pk])


def edit(client, text: AdviceText, *, publish: bool = True, title: str | None = None, body: str | None = None):
    """Saves a draft through the admin form, and publishes it unless told not to."""
    data = {
        "draft_title": text.title if title is None else title,
        "draft_body": text.body if body is None else body,
        ("_publish" if publish else "_continue"): "1",
    }
    return client.post(change_url(text), data)


@pytest.fixture
def easy_run_text(db) -> AdviceText:
    return AdviceText.objects.get(code="verdict_easy_run")


def test_the_data_migration_loaded_every_text_with_a_first_version(db):
    from triage.codes import AdviceCode

    assert set(AdviceText.objects.values_list("code", flat=True)) == set(AdviceCode.values)
    for text in AdviceText.objects.all():
        assert text.body.strip()
        assert text.history.filter(history_type="+").count() == 1


def test_an_admin_edits_a_text_and_runners_see_it_on_the_result_page(admin_client, easy_run_text):
    response = edit(admin_client, easy_run_text, title="Easy does it", body="Keep it **chatty** today.")
    assert response.status_code == 302
    html = admin_client.get(RESULT_URL).content.decode()
    assert "Easy does it" in html
    assert "Keep it <strong>chatty</strong> today." in html


def test_the_result_records_the_version_it_showed(admin_client, easy_run_text):
    from triage.advice import advice_for
    from triage.engine import Answers, assess

    edit(admin_client, easy_run_text, body="Version two.")
    latest = easy_run_text.history.latest()
    answers = Answers(
        pain_now=2, normal_stride=True, spasm=False, pain_side="none", symptoms=frozenset(), pars_defect=False
    )
    block = advice_for(assess(answers))[0]
    assert (block.code, block.version_id) == ("verdict_easy_run", latest.history_id)
    assert latest.history_user.email == "ada@example.com"


def test_script_and_javascript_links_are_neutralised_everywhere(admin_client, easy_run_text):
    body = (
        'Hello <script>alert("x")</script> [click me](javascript:alert(1)) '
        '<a href="javascript:alert(2)">raw</a> <img src=x onerror="alert(3)"> '
        '<span style="color:red" onclick="alert(4)">styled</span> [fine](https://nhs.uk)'
    )
    assert edit(admin_client, easy_run_text, body=body).status_code == 302
    result = admin_client.get(RESULT_URL).content.decode()
    shown = result.split('data-advice-code="verdict_easy_run">', 1)[1].split("</div>", 1)[0]
    admin_page = admin_client.get(change_url(easy_run_text)).content.decode()
    preview = admin_page.split('<div class="advice-preview">', 1)[1].split("</div>", 1)[0]
    assert "&lt;script&gt;" in admin_page, "the source in the textarea is escaped, never live"
    for html in (shown, preview):
        assert "<script" not in html
        assert "alert(" not in html
        assert "javascript:" not in html
        assert "onerror" not in html
        assert "onclick" not in html
        assert "style=" not in html
        assert '<a href="https://nhs.uk" rel="noopener noreferrer">fine</a>' in html
    assert "<script>alert" not in result
    api = admin_client.post(
        "/api/triage/",
        {
            "pain_now": 3,
            "normal_stride": True,
            "spasm": False,
            "pain_side": "none",
            "symptoms": [],
            "pars_defect": False,
        },
        content_type="application/json",
    ).json()
    assert "<script" not in api["advice"][0]["html"]
    assert "javascript:" not in api["advice"][0]["html"]


def test_the_change_page_shows_a_rendered_preview_of_the_draft(admin_client, easy_run_text):
    edit(admin_client, easy_run_text, body="- one\n- **two**", publish=False)
    html = admin_client.get(change_url(easy_run_text)).content.decode()
    assert "Draft preview" in html
    assert '<div class="advice-preview"><ul>\n<li>one</li>\n<li><strong>two</strong></li>\n</ul></div>' in html


def test_a_saved_draft_is_not_shown_to_runners_until_it_is_published(admin_client, client, easy_run_text):
    before = easy_run_text.history.count()
    assert (
        edit(admin_client, easy_run_text, title="Draft title", body="Draft **words**.", publish=False).status_code
        == 302
    )
    easy_run_text.refresh_from_db()
    assert easy_run_text.has_unpublished_changes
    assert easy_run_text.history.count() == before, "a draft adds no version"
    assert "Draft title" not in client.get(RESULT_URL).content.decode()
    preview = admin_client.get(reverse("admin:triage_advicetext_preview", args=[easy_run_text.pk]))
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "Draft title" in html
    assert "Draft <strong>words</strong>." in html
    assert 'data-verdict="easy_run"' in html, "the preview is the real result page"
    assert "Runners do not see it until it is published" in html
    assert edit(admin_client, easy_run_text, title="Draft title", body="Draft **words**.").status_code == 302
    assert "Draft title" in client.get(RESULT_URL).content.decode()
    latest = easy_run_text.history.latest()
    assert (latest.title, latest.history_user.email, latest.history_change_reason) == (
        "Draft title",
        "ada@example.com",
        "Published",
    )


@pytest.mark.parametrize(
    ("code", "verdict"),
    [("verdict_emergency", "emergency"), ("verdict_urgent", "urgent"), ("cause_stiff_hip", "easy_run")],
)
def test_every_text_previews_on_a_result_page_that_shows_it(admin_client, code, verdict):
    text = AdviceText.objects.get(code=code)
    edit(admin_client, text, body="Preview me please.", publish=False)
    html = admin_client.get(reverse("admin:triage_advicetext_preview", args=[text.pk])).content.decode()
    assert f'data-verdict="{verdict}"' in html
    assert "Preview me please." in html


def test_a_runner_cannot_open_a_preview(client, runner, easy_run_text):
    client.force_login(runner)
    response = client.get(reverse("admin:triage_advicetext_preview", args=[easy_run_text.pk]))
    assert response.status_code == 302
    assert "/admin/login/" in response.url


def test_history_lists_each_change_with_who_made_it(admin_client, easy_run_text):
    before = easy_run_text.history.count()
    edit(admin_client, easy_run_text, body="First edit.")
    edit(admin_client, easy_run_text, body="Second edit.")
    html = admin_client.get(reverse("admin:triage_advicetext_history", args=[easy_run_text.pk])).content.decode()
    newest = list(easy_run_text.history.order_by("-history_id")[:2])
    assert [(h.body, h.history_user.email) for h in newest] == [
        ("Second edit.", "ada@example.com"),
        ("First edit.", "ada@example.com"),
    ], "each publication names who made it"
    assert "Ada Admin" in html
    assert "Published" in html
    assert easy_run_text.history.count() == before + 2


def test_an_admin_reverts_to_an_earlier_version(admin_client, easy_run_text):
    original = easy_run_text.body
    first = easy_run_text.history.latest()
    before = easy_run_text.history.count()
    edit(admin_client, easy_run_text, body="A regrettable edit.")
    revert_url = reverse("admin:triage_advicetext_simple_history", args=[easy_run_text.pk, first.history_id])
    page = admin_client.get(revert_url)
    assert page.status_code == 200
    assert "Revert" in page.content.decode()
    response = admin_client.post(revert_url, {"_revert": "1"})
    assert response.status_code == 302
    easy_run_text.refresh_from_db()
    assert easy_run_text.body == original
    assert easy_run_text.history.count() == before + 2, "the revert is itself a new version"
    assert easy_run_text.history.latest().history_change_reason.startswith("Reverted to the version of")
    assert "regrettable" not in admin_client.get(RESULT_URL).content.decode()


@pytest.mark.parametrize("code", ["verdict_emergency", "verdict_urgent", "verdict_see_clinician"])
def test_the_texts_that_send_people_to_care_leave_the_numbers_to_the_page(admin_client, code):
    """One set of numbers everywhere: a number typed into the text would be wrong for runners elsewhere."""
    text = AdviceText.objects.get(code=code)
    before = text.body
    response = edit(admin_client, text, body="Get help now: call **999**, or NHS 111.")
    assert response.status_code == 200
    assert "Leave the phone numbers out (111, 999)" in response.content.decode()
    text.refresh_from_db()
    assert text.body == before
    assert not numbers_in(text.body), "a seeded text has a number in it"
    with pytest.raises(ValidationError):
        publishing.publish(obj=AdviceText(code=code, title="x", draft={"body": "Dial 911."}), user=None)
    assert edit(admin_client, text, body="Stop running for 10 minutes, then rest for 3 days.").status_code == 302


def test_other_texts_may_mention_numbers(admin_client, easy_run_text):
    assert (
        edit(admin_client, easy_run_text, body="Keep it under 30 minutes; 111 steps of stairs is fine.").status_code
        == 302
    )


@pytest.mark.parametrize("code", ["verdict_emergency", "verdict_urgent", "verdict_see_clinician"])
def test_the_texts_that_send_people_to_care_cannot_be_published_empty(admin_client, code):
    text = AdviceText.objects.get(code=code)
    before = text.body
    response = edit(admin_client, text, body="   \n ")
    assert response.status_code == 200
    assert "cannot be published empty" in response.content.decode()
    text.refresh_from_db()
    assert text.body == before
    with pytest.raises(ValidationError):
        publishing.publish(obj=AdviceText(code=code, title="x", body="Call for help.", draft={"body": ""}), user=None)
    text.body = ""
    with pytest.raises(ValidationError):
        text.full_clean()


@pytest.mark.parametrize("code", ["verdict_emergency", "verdict_urgent", "verdict_see_clinician"])
def test_the_texts_that_send_people_to_care_cannot_be_deleted_in_the_admin(admin_client, code):
    text = AdviceText.objects.get(code=code)
    response = admin_client.get(reverse("admin:triage_advicetext_delete", args=[text.pk]))
    assert response.status_code == 403


def test_the_database_refuses_an_empty_emergency_text_too(db):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        AdviceText.objects.filter(code="verdict_emergency").update(body="")


def test_an_emptied_optional_text_falls_back_on_the_page(admin_client, easy_run_text, caplog):
    assert edit(admin_client, easy_run_text, body="").status_code == 302
    html = admin_client.get(RESULT_URL).content.decode()
    assert "Stop and walk home if the pain rises above 5 out of 10" in html
    assert "verdict_easy_run" in caplog.text


def test_a_runner_cannot_open_the_admin(client, runner):
    client.force_login(runner)
    response = client.get(reverse("admin:triage_advicetext_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response.url
