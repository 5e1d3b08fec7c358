"""Whole triage pages kept in memory for visitors who send no cookies (triage/pagecache.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib import messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse
from django.test import Client
from django.utils import timezone

from tests.triage.formdata import result_url
from triage import pagecache, views
from triage.models import AdviceText

pytestmark = pytest.mark.django_db


def _count_assessments(monkeypatch) -> list[int]:
    calls = [0]
    real = views.assess

    def counting(answers):
        calls[0] += 1
        return real(answers)

    monkeypatch.setattr(views, "assess", counting)
    return calls


def test_the_second_visitor_with_the_same_answers_gets_the_same_page_without_the_engine_running(client, monkeypatch):
    calls = _count_assessments(monkeypatch)
    first = client.get(result_url())
    second = Client().get(result_url())
    assert first.status_code == second.status_code == 200
    assert second.content == first.content
    assert calls[0] == 1
    assert second["Cache-Control"] == "no-store, private"  # still a page with someone's health answers
    different = Client().get(result_url(pain_now="8"))
    assert calls[0] == 2
    assert different.content != first.content


def test_a_published_text_replaces_the_kept_pages_at_once(client):
    assert "Jog by the canal" not in client.get(result_url()).content.decode()
    text = AdviceText.objects.get(code="verdict_easy_run")
    text.body = "Jog by the canal, gently."
    text.save()
    assert "Jog by the canal, gently." in Client().get(result_url()).content.decode()


def test_a_new_day_renders_the_page_again_with_its_date(client, time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 9, 12, 0, tzinfo=dt.UTC))
    assert "Your answers on 9 March 2026" in client.get(result_url()).content.decode()
    time_machine.move_to(dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC))
    assert "Your answers on 10 March 2026" in Client().get(result_url()).content.decode()


def test_a_signed_in_runner_never_gets_a_visitors_page(client, runner):
    assert "Save to my journal" not in Client().get(result_url()).content.decode()
    client.force_login(runner)
    html = client.get(result_url()).content.decode()
    assert "Save to my journal" in html
    assert runner.name in html


def test_a_visitor_with_a_message_waiting_sees_it(client, rf):
    client.get(result_url())  # kept for cookie-less visitors
    # Logging out leaves a message for the next page, in a cookie: that page is rendered for this visitor.
    storage = CookieStorage(rf.get("/"))
    storage.add(messages.SUCCESS, "You are logged out.")
    response = HttpResponse()
    storage.update(response)
    visitor = Client()
    visitor.cookies["messages"] = response.cookies["messages"].value
    assert "You are logged out." in visitor.get(result_url()).content.decode()


def test_wrong_answers_are_never_kept(client):
    bad = "/triage/result/?pain_now=11"
    assert client.get(bad).status_code == 400
    assert Client().get(bad).status_code == 400
    assert not pagecache._pages


def test_only_the_latest_pages_are_kept(client, monkeypatch):
    monkeypatch.setattr(pagecache, "MAX_PAGES", 3)
    for pain in range(5):
        assert client.get(result_url(pain_now=str(pain))).status_code == 200
    assert len(pagecache._pages) == 3
    assert {key[1].split("&")[0] for key in pagecache._pages} == {"pain_now=2", "pain_now=3", "pain_now=4"}


def test_a_very_long_query_string_is_rendered_but_not_kept(client):
    url = result_url() + "&padding=" + "x" * pagecache.MAX_QUERY
    assert client.get(url).status_code == 200
    assert not pagecache._pages


def test_the_blank_form_is_kept_for_visitors_and_rendered_for_runners(client, runner, monkeypatch):
    blank = client.get("/triage/")
    assert list(pagecache._pages) == [("/triage/", "", timezone.localdate().isoformat())]
    monkeypatch.setattr(views, "render", None)  # a second visitor's page must not be rendered at all
    assert Client().get("/triage/").content == blank.content
    monkeypatch.undo()
    client.force_login(runner)
    assert runner.name in client.get("/triage/").content.decode()


def test_a_result_is_kept_under_the_day_it_prints(client, time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 9, 23, 59, 59, tzinfo=dt.UTC))
    html = client.get(result_url()).content.decode()
    [(_path, _query, day)] = list(pagecache._pages)
    assert day == "2026-03-09"
    assert "Your answers on 9 March 2026" in html


def test_a_blank_form_with_a_stray_query_string_is_rendered_but_not_kept(client):
    assert client.get("/triage/?utm_source=newsletter").status_code == 200
    assert not pagecache._pages
