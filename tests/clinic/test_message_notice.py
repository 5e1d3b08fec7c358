"""A physio's recent message the runner has not answered leads the runner's dashboard (issue 15 §1: the
first screen answers "what do I do today?"); the thread itself stays below, with its reply form."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from clinic.models import Message
from clinic.selectors import MESSAGE_NOTICE_DAYS
from tests.factories import CareLinkFactory, EntryFactory

pytestmark = pytest.mark.django_db


def dashboard(client, runner) -> str:
    client.force_login(runner)
    return client.get(reverse("journal:dashboard")).content.decode()


def test_a_physios_new_message_leads_the_dashboard_above_the_chart(client, runner, link):
    EntryFactory(runner=runner)
    Message.objects.create(runner=runner, physio=link.physio, sender=link.physio, body="Please rest until we talk.")
    html = dashboard(client, runner)
    assert "Pat Physio wrote to you on" in html
    assert "“Please rest until we talk.”" in html
    assert (
        html.index('id="physio-message-notice"')
        < html.index('id="quick-pain-form"')
        < html.index('id="physio-messages"')
    )
    assert 'href="#physio-messages"' in html


def test_no_notice_once_the_runner_has_answered_or_the_message_is_old(client, runner, link):
    Message.objects.create(runner=runner, physio=link.physio, sender=link.physio, body="How is it?")
    Message.objects.create(runner=runner, physio=link.physio, sender=runner, body="Better, thanks")
    assert 'id="physio-message-notice"' not in dashboard(client, runner)
    Message.objects.filter(sender=runner).delete()  # unanswered again, but from more than a week ago
    Message.objects.update(created_at=timezone.now() - dt.timedelta(days=MESSAGE_NOTICE_DAYS, minutes=1))
    assert 'id="physio-message-notice"' not in dashboard(client, runner)


def test_another_runners_messages_never_show(client, runner, other_runner, physio):
    CareLinkFactory(runner=other_runner, physio=physio)
    Message.objects.create(runner=other_runner, physio=physio, sender=physio, body="For someone else")
    html = dashboard(client, runner)
    assert 'id="physio-message-notice"' not in html
    assert "For someone else" not in html


def test_a_message_from_a_physio_whose_access_was_stopped_leads_nowhere_so_is_not_announced(client, runner, link):
    # The notice links down to the conversation ("Read and reply"), which the dashboard shows only for a
    # physio who has access now: the runner stopped this one's, so the notice would point at nothing.
    from clinic.services import link_revoke

    Message.objects.create(runner=runner, physio=link.physio, sender=link.physio, body="Before you stopped me")
    assert 'id="physio-message-notice"' in dashboard(client, runner)
    link_revoke(runner=runner, link=link)
    html = dashboard(client, runner)
    assert 'id="physio-message-notice"' not in html
    assert 'id="physio-messages"' not in html


def test_the_newest_message_of_two_physios_decides(client, runner, link):
    other = CareLinkFactory(runner=runner)
    Message.objects.create(runner=runner, physio=link.physio, sender=link.physio, body="From Pat")
    Message.objects.create(runner=runner, physio=other.physio, sender=runner, body="My answer to the other")
    assert 'id="physio-message-notice"' not in dashboard(client, runner)  # the runner wrote last
    Message.objects.create(runner=runner, physio=other.physio, sender=other.physio, body="The other writes back")
    html = dashboard(client, runner)
    assert f"{other.physio.name} wrote to you on" in html
    assert "“The other writes back”" in html
