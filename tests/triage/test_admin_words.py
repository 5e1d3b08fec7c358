"""The advice admin in words (issue 22 §4): a saved draft says it is not live and links to its preview; the
history says who published what and when, with a readable word diff; preview and revert name the text by
its title, not its code."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from core.publishing import word_diff
from triage.models import AdviceText


@pytest.fixture
def text(db) -> AdviceText:
    return AdviceText.objects.get(code="verdict_easy_run")


def _post(client, text, body, button):
    return client.post(
        reverse("admin:triage_advicetext_change", args=[text.pk]),
        {"draft_title": text.title, "draft_body": body, button: "1"},
        follow=True,
    )


def test_saving_a_draft_says_it_is_not_live_and_links_to_the_preview(admin_client, text):
    html = _post(admin_client, text, "A calmer draft.", "_continue").content.decode()
    preview = reverse("admin:triage_advicetext_preview", args=[text.pk])
    assert "Draft saved. It is not live yet: runners still see the published text." in html
    assert f'<a href="{preview}">Preview the draft on the result page</a>' in html
    assert "was changed successfully" not in html


def test_publishing_says_it_is_live_once(admin_client, text):
    html = _post(admin_client, text, "A calmer text.", "_publish").content.decode()
    assert "Published: runners see this text now." in html
    assert "was changed successfully" not in html


def test_the_history_says_who_published_what_and_when_in_words(admin_client, text, admin_user):
    old_body = text.body
    new_body = old_body.replace("You can run", "You may run", 1) + " Stop if it hurts more than 5 out of 10."
    _post(admin_client, text, new_body, "_publish")
    html = admin_client.get(reverse("admin:triage_advicetext_history", args=[text.pk])).content.decode()
    newest = re.search(r"<tbody>\s*<tr>(.*?)</tr>", html, flags=re.DOTALL).group(1)
    assert "Published" in newest
    assert admin_user.name in newest
    assert "Deleted user" not in html
    assert "pk=None" not in html
    assert not re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d", html), "a raw timestamp"
    assert not re.search(r"\[\d+ chars\]", html), "a shortened diff"
    assert "<del>can</del><ins>may</ins>" in newest
    assert "<ins> Stop if it hurts more than 5 out of 10.</ins>" in newest
    assert re.search(r"Published at:</strong> –&nbsp;&rarr;&nbsp;&nbsp;\d+ \w{3} \d{4}, \d\d:\d\d</li>", newest)
    assert f"Published by:</strong> –&nbsp;&rarr;&nbsp;&nbsp;{admin_user.name}</li>" in newest
    assert 'style="' not in html  # the admin's CSP refuses inline styles


def test_a_word_diff_keeps_the_ends_of_long_unchanged_stretches_and_escapes():
    words = " ".join(f"w{n}" for n in range(60))
    diff = word_diff(words + " <b>old</b>", words + " new")
    assert diff.startswith("w0 w1")
    assert " … " in diff
    assert "&lt;b&gt;old&lt;/b&gt;" in diff
    assert "<ins>new</ins>" in diff


def test_preview_and_revert_name_the_text_by_its_title(admin_client, text):
    _post(admin_client, text, text.body, "_publish")  # the title as published, then a draft of a new one
    admin_client.post(
        reverse("admin:triage_advicetext_change", args=[text.pk]),
        {"draft_title": "Easy does it", "draft_body": text.body, "_continue": "1"},
    )
    preview = admin_client.get(reverse("admin:triage_advicetext_preview", args=[text.pk])).content.decode()
    assert "Preview of the draft of “Easy does it”." in preview, "the draft's own title"
    first = text.history.earliest()
    revert = admin_client.get(
        reverse("admin:triage_advicetext_simple_history", args=[text.pk, first.history_id])
    ).content.decode()
    assert f"Publish this earlier version of “{text.title}” again?" in revert
    for page in (preview, revert):
        assert "verdict_easy_run" not in re.sub(r'(href|action|name|id|class|data-[\w-]+)="[^"]*"', "", page)
