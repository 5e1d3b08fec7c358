"""End to end in headless Chromium: invite, accept, review, acknowledge, message, reply, revoke."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import AuditEvent
from monitoring.models import Flag, FlagStatus
from tests.factories import EntryFactory, FlagFactory
from tests.utils import login


@pytest.mark.django_db(transaction=True)
def test_a_runner_and_a_physio_work_together_until_the_runner_revokes_access(phone, desk, runner, physio):
    EntryFactory(runner=runner, pain=6, notes="Tight after the hill session")
    flag = FlagFactory(runner=runner, kind="leg_symptoms", severity="urgent")

    # The runner, on a phone, invites their physio by email.
    login(phone, runner)
    phone.goto("/clinic/care-team/")
    phone.get_by_label("Your physio's email address").fill(physio.email)
    phone.get_by_role("button", name="Send invitation").click()
    expect(phone.get_by_role("status")).to_contain_text("Invitation sent to pat@example.com")

    # The physio, at a desk, lands on the caseload and accepts.
    login(desk, physio)
    expect(desk.get_by_role("heading", name="Your caseload")).to_be_visible()
    desk.get_by_role("button", name="Accept the invitation from Robin Runner").click()
    expect(desk.get_by_role("heading", name="Robin Runner", exact=True)).to_be_visible()

    # Reviews the journal (fetched when scrolled to) and acknowledges the urgent flag with a note.
    desk.locator("#history").scroll_into_view_if_needed()
    expect(desk.get_by_text("Tight after the hill session")).to_be_visible()
    desk.locator("#flags").get_by_label("Note").fill("Phoned Robin; seeing them tomorrow morning")
    desk.get_by_role("button", name="Acknowledge").click()
    desk.wait_for_url("**/clients/*/#flags")
    expect(desk.get_by_role("status")).to_contain_text("Flag acknowledged")
    flag.refresh_from_db()
    assert flag.status == FlagStatus.ACKNOWLEDGED
    assert flag.acknowledge_note == "Phoned Robin; seeing them tomorrow morning"

    # Writes to the runner.
    desk.locator("#messages").get_by_label("Message").fill("Please skip running until we have spoken.")
    desk.get_by_role("button", name="Send to Robin Runner").click()
    desk.wait_for_url("**/clients/*/#messages")
    expect(desk.get_by_role("status")).to_contain_text("Message sent")

    # The runner sees the message on their dashboard and replies from there.
    phone.goto("/journal/")
    panel = phone.get_by_role("region", name="Messages from your physio")
    expect(panel.get_by_text("Please skip running until we have spoken.")).to_be_visible()
    panel.get_by_label("Message").fill("Will do, talk tomorrow.")
    panel.get_by_role("button", name="Send to Pat Physio").click()
    expect(phone.get_by_role("status")).to_contain_text("Reply sent")
    expect(phone).to_have_url(re.compile(r"/journal/$"))
    # The care team page shows the conversation too, and who looked at the journal.
    phone.goto("/clinic/care-team/")
    expect(phone.get_by_text("Will do, talk tomorrow.")).to_be_visible()
    expect(phone.get_by_text("Opened the journal").first).to_be_visible()
    desk.reload()
    expect(desk.get_by_text("Will do, talk tomorrow.")).to_be_visible()
    client_url = desk.url.split("#")[0]

    # The runner revokes access; the physio's very next request is refused.
    # "Stop access" asks first; the conversation stays, read-only.
    phone.locator("summary", has_text="Stop access").click()
    phone.get_by_role("button", name="Yes, stop access for Pat Physio").click()
    expect(phone.get_by_role("status")).to_contain_text("can no longer see your journal")
    expect(phone.get_by_text("Will do, talk tomorrow.")).to_be_visible()
    expect(phone.get_by_text("This conversation is kept for you to read")).to_be_visible()
    expect(phone.get_by_role("button", name="Send to Pat Physio")).to_have_count(0)
    response = desk.goto(client_url)
    assert response.status == 404
    expect(desk.get_by_text("Tight after the hill session")).to_have_count(0)
    assert AuditEvent.objects.filter(runner=runner, actor=physio).count() >= 2
    assert Flag.objects.get(pk=flag.pk).acknowledged_by == physio
