"""Stopping a physio's access asks first, and the runner keeps the conversation, read-only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from clinic import selectors, services
from tests.factories import CareLinkFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ended_link(runner, physio):
    link = CareLinkFactory(runner=runner, physio=physio)
    services.message_send(sender=physio, link=link, body="How did the long run feel?")
    services.message_send(sender=runner, link=link, body="Sore the next morning.")
    services.link_revoke(runner=runner, link=link)
    return link


def test_the_care_team_page_asks_before_stopping_access(client, runner, physio):
    link = CareLinkFactory(runner=runner, physio=physio)
    client.force_login(runner)
    html = client.get(reverse("clinic:care_team")).content.decode()
    summary = html.index('<summary class="btn btn-outline-danger">')
    form = html.index(f'action="{reverse("clinic:link_revoke", args=[link.public_id])}"')
    assert summary < form  # the stopping form sits inside the disclosure, behind the question
    assert "Yes, stop access for Pat Physio</button>" in html
    assert "seeing my journal" not in html  # the accessible name now starts with the visible "Stop access"


def test_after_stopping_the_runner_still_reads_the_conversation_but_cannot_write(client, runner, ended_link):
    client.force_login(runner)
    html = client.get(reverse("clinic:care_team")).content.decode()
    assert "How did the long run feel?" in html
    assert "Sore the next morning." in html
    assert "This conversation is kept for you to read" in html
    assert reverse("clinic:reply", args=[ended_link.public_id]) not in html
    response = client.post(reverse("clinic:reply", args=[ended_link.public_id]), {"body": "Hello again"})
    assert response.status_code == 404


def test_a_relinked_physio_has_one_writable_thread_with_the_whole_history(runner, physio, ended_link):
    again = CareLinkFactory(runner=runner, physio=physio)
    threads = selectors.runner_threads(runner=runner, include_ended=True)
    assert [(t.link.pk, t.read_only) for t in threads] == [(again.pk, False)]
    assert [m.body for m in threads[0].messages] == ["How did the long run feel?", "Sore the next morning."]


def test_an_ended_link_without_messages_shows_no_thread(runner, physio):
    link = CareLinkFactory(runner=runner, physio=physio)
    services.link_revoke(runner=runner, link=link)
    assert selectors.runner_threads(runner=runner, include_ended=True) == []


def test_the_dashboard_panel_keeps_only_current_conversations(runner, ended_link):
    assert selectors.runner_threads(runner=runner) == []


@pytest.mark.parametrize("physios", [1, 2])
def test_each_thread_shows_its_latest_ten_messages_oldest_first(runner, physios):
    from clinic.models import Message
    from tests.factories import PhysioFactory

    others = [PhysioFactory(email=f"physio{n}@example.com") for n in range(physios)]
    for n, other in enumerate(others):
        CareLinkFactory(runner=runner, physio=other)
        for i in range(25 + n * 5):
            Message.objects.create(runner=runner, physio=other, sender=other, body=f"{n}-{i:02}")  # in order
    threads = selectors.runner_threads(runner=runner)
    assert len(threads) == physios
    for thread in threads:
        n = others.index(thread.link.physio)
        last = 24 + n * 5
        assert [m.body for m in thread.messages] == [f"{n}-{i:02}" for i in range(last - 9, last + 1)]
