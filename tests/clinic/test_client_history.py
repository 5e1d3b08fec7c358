"""The client page's history fragment (clinic.views.client_history): the physio's access rules, an audit
row per look (a cached fragment too), no-store, and a new entry shown at once."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from accounts.models import AuditAction, AuditEvent
from journal import services as journal_services
from tests.factories import EntryFactory

FRAGMENT = {"X-Fragment": "1"}


@pytest.fixture(autouse=True)
def _empty_cache(db):
    cache.clear()
    yield
    cache.clear()


def _url(link):
    return reverse("clinic:client_history", args=[link.public_id])


def test_each_look_is_audited_even_when_the_fragment_comes_from_the_cache(physio_client, link):
    EntryFactory(runner=link.runner, pain=4, notes="Tight after hills")
    for _ in range(2):
        response = physio_client.get(_url(link), headers=FRAGMENT)
        assert response.status_code == 200
        assert "Tight after hills" in response.content.decode()
        assert response["Cache-Control"] == "no-store, private"
    events = AuditEvent.objects.filter(actor=link.physio, runner=link.runner, action=AuditAction.VIEW)
    assert events.count() == 2


def test_a_new_entry_shows_at_once(physio_client, link):
    physio_client.get(_url(link), headers=FRAGMENT)
    journal_services.entry_create(runner=link.runner, day=link.runner.local_today(), data={"pain": 8, "notes": "Sore"})
    html = physio_client.get(_url(link), headers=FRAGMENT).content.decode()
    assert "Pain 8/10" in html


def test_without_javascript_the_link_opens_a_page_with_the_history(physio_client, link):
    EntryFactory(runner=link.runner, pain=4)
    html = physio_client.get(_url(link)).content.decode()
    assert "<html" in html
    assert 'id="weekly-table"' in html
    assert f"Back to {link.runner.name}" in html


def test_a_physio_without_the_link_gets_a_404_and_nothing_is_audited(client, link, unlinked_physio):
    client.force_login(unlinked_physio)
    assert client.get(_url(link), headers=FRAGMENT).status_code == 404
    assert not AuditEvent.objects.exists()
