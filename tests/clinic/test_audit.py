"""The audit trail: append-only, no journal content, visible to the runner, searchable by admins."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from accounts.audit import audit_record
from accounts.models import AuditAction, AuditEvent, AuditImmutableError
from clinic import services
from tests.factories import EntryFactory


@pytest.fixture
def event(link):
    return audit_record(actor=link.physio, runner=link.runner, action=AuditAction.VIEW)


def test_an_audit_record_cannot_be_changed(event):
    event.action = AuditAction.EXPORT
    with pytest.raises(AuditImmutableError):
        event.save()
    with pytest.raises(AuditImmutableError):
        AuditEvent.objects.filter(pk=event.pk).update(action=AuditAction.EXPORT)
    assert AuditEvent.objects.get(pk=event.pk).action == AuditAction.VIEW


def test_an_audit_record_cannot_be_deleted(event):
    with pytest.raises(AuditImmutableError):
        event.delete()
    with pytest.raises(AuditImmutableError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.count() == 1


def test_the_record_keeps_who_after_the_physio_account_is_gone(event, link):
    link.physio.delete()
    event = AuditEvent.objects.get()
    assert event.actor is None
    assert event.actor_email == "pat@example.com"


def test_the_records_go_with_the_runners_own_account(event, link):
    link.runner.delete()
    assert not AuditEvent.objects.exists()


def test_an_audit_record_holds_no_journal_content(physio_client, link):
    EntryFactory(runner=link.runner, notes="secret back story", pain=8)
    physio_client.get(reverse("clinic:client", args=[link.public_id]))
    event = AuditEvent.objects.get()
    stored = {f.attname: getattr(event, f.attname) for f in AuditEvent._meta.fields}
    assert set(stored) == {"id", "actor_id", "actor_email", "runner_id", "action", "at"}
    assert "secret" not in str(stored)


def test_the_runner_sees_who_looked_at_their_data(runner_client, event):
    html = runner_client.get(reverse("clinic:care_team")).content.decode()
    assert "pat@example.com" in html
    assert "Opened the journal" in html


def test_admins_can_search_the_audit_trail_but_not_add_change_or_delete(client, admin_user, event):
    client.force_login(admin_user)
    changelist = reverse("admin:accounts_auditevent_changelist")
    response = client.get(changelist, {"q": "robin@example.com"})
    assert response.status_code == 200
    assert "pat@example.com" in response.content.decode()
    assert client.get(reverse("admin:accounts_auditevent_add")).status_code == 403
    assert client.get(reverse("admin:accounts_auditevent_delete", args=[event.pk])).status_code == 403
    detail = client.get(reverse("admin:accounts_auditevent_change", args=[event.pk]))
    assert detail.status_code == 200  # view only
    assert (
        client.post(reverse("admin:accounts_auditevent_change", args=[event.pk]), {"action": "export"}).status_code
        == 403
    )
    response = client.post(changelist, {"action": "delete_selected", "_selected_action": [event.pk]})
    assert AuditEvent.objects.count() == 1


def _messages_panel(request) -> str:
    """The clinic's messages panel as the dashboard renders it: its context function, then its template."""
    from django.template.loader import render_to_string

    from clinic.panels import messages_context
    from journal.panels import DashboardState

    panel = messages_context(DashboardState(request=request, runner=request.user, trends={}))
    return render_to_string("clinic/_messages_panel.html", {"panel": panel}, request=request)


def test_the_dashboard_panel_shows_physio_messages_with_a_reply_form(link, rf: RequestFactory):
    services.message_send(sender=link.physio, link=link, body="Keep it easy this week")
    request = rf.get("/journal/")
    request.user = link.runner
    html = _messages_panel(request)
    assert "Keep it easy this week" in html
    assert reverse("clinic:reply", args=[link.public_id]) in html
    assert 'name="next" value="/journal/"' in html


def test_the_dashboard_panel_is_empty_without_messages(runner, rf: RequestFactory):
    request = rf.get("/journal/")
    request.user = runner
    assert _messages_panel(request).strip() == ""


def test_a_reply_from_the_dashboard_returns_to_the_dashboard(runner_client, link):
    services.message_send(sender=link.physio, link=link, body="hello")
    response = runner_client.post(reverse("clinic:reply", args=[link.public_id]), {"body": "hi", "next": "/journal/"})
    assert response["Location"] == "/journal/"
    response = runner_client.post(
        reverse("clinic:reply", args=[link.public_id]), {"body": "hi", "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("clinic:care_team")
