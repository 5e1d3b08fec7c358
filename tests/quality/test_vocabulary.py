"""One vocabulary (docs/glossary.md): every page of every kind of user, the account pages, the error pages
and the mails, rendered with sample data, must not show a word the glossary rules out, a "(s)" plural, a
raw code or an ISO date in a sentence.

There is no list of known exceptions: a finding is fixed at its source (the template, the model's label, the
wording module or the mail), never excused here.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from clinic import emails as clinic_emails
from clinic import services as clinic_services
from monitoring import emails as monitoring_emails
from monitoring.models import FlagStatus
from monitoring.scan import scan_batch
from tests.access_matrix import EXPECTED, url_kwargs
from tests.browser.pages import TRIAGE_RESULT, triage_result_url
from tests.factories import EntryFactory, FlagFactory, TrainingSessionFactory
from tests.quality.words import findings, glossary_terms, visible_text

ROLE_ORDER = ("runner", "linked_physio", "anonymous", "admin")
EXTRA_PAGES = [
    ("anonymous", TRIAGE_RESULT),
    ("anonymous", triage_result_url(["both_legs"])),
    ("anonymous", triage_result_url(["fever"])),
    ("anonymous", "/accounts/login/"),
    ("anonymous", "/accounts/signup/"),
    ("anonymous", "/accounts/password/reset/"),
    ("anonymous", "/accounts/password/reset/done/"),
    ("anonymous", "/accounts/confirm-email/"),
    ("anonymous", "/accounts/confirm-email/no-such-key/"),
    ("anonymous", "/offline/"),
    ("runner", "/no-such-page/"),
    ("runner", "/accounts/email/"),
    ("runner", "/accounts/password/change/"),
    ("runner", "/accounts/2fa/"),
    ("runner", "/accounts/logout/"),
]


def test_severity_and_flag_state_labels_are_the_glossarys_terms():
    # An allowlist, not only the "Not" column: whatever a badge can say is a term of the glossary.
    from monitoring.models import CloseReason, Flag, FlagStatus, Severity

    terms = glossary_terms()
    assert {label.lower() for label in Severity.labels} == {"urgent", "review", "advice"} <= terms
    states = {
        Flag(status=status, close_reason=reason).state_label.lower()
        for status in FlagStatus.values
        for reason in ["", *CloseReason.values]
    }
    assert states == {"open", "acknowledged", "resolved", "dismissed"} <= terms


def test_the_rules_catch_what_the_issue_reported():
    assert findings("Sleep disturbed on 3 night(s).") == {"(s) in 't(s)'"}
    assert findings("Verdict: see_clinician") == {"raw code see_clinician"}
    assert findings("Since 2026-03-09 your pain rose") == {"ISO date 2026-03-09"}
    assert findings("Advisory: training jump") == {"avoided word 'Advisory'"}
    assert findings("Email checkins") == {"avoided word 'checkins'"}
    assert findings("Review: night pain since Monday 9 March, 3 nights") == set()
    assert findings("Answer here: https://example.org/flags/checkins/3/") == set()
    assert visible_text('<p title="night_pain">Night pain<script>var a_b = 1;</script></p>') == "Night pain"


# --- sample data ------------------------------------------------------------------------------------
@pytest.fixture
def lived_in(request):
    """The access matrix's world, plus a month of journal, flags in every state and a conversation."""
    sample = request.getfixturevalue("world")
    runner, physio, link = sample["users"]["runner"], sample["users"]["linked_physio"], sample["link"]
    today = timezone.localdate()
    for days_ago in range(1, 29):
        day = today - dt.timedelta(days=days_ago)
        if not runner.entries.filter(day=day).exists():
            EntryFactory(runner=runner, day=day, pain=days_ago % 7, pain_side="left", sleep_disturbed=days_ago < 5)
        if days_ago % 2:
            TrainingSessionFactory(runner=runner, day=day, distance_m=5000 + days_ago * 150)
    for status, kind, severity in (
        (FlagStatus.ACKNOWLEDGED, "not_settling_24h", "review"),
        (FlagStatus.RESOLVED, "worsening_week_on_week", "review"),
        (FlagStatus.OPEN, "load_spike", "advisory"),
    ):
        FlagFactory(runner=runner, kind=kind, status=status, severity=severity)
    # The real scan adds flags with real evidence (night pain from the disturbed nights above).
    sample["review_flag"].delete()
    scan_batch(runner_ids=[runner.pk], notify=False)
    clinic_services.message_send(sender=physio, link=link, body="How did the long run feel?")
    clinic_services.message_send(sender=runner, link=link, body="Sore the next morning.")
    return sample


def pages(sample) -> list[tuple[str, str]]:
    chosen = []
    for name, methods in EXPECTED.items():
        statuses = methods.get("GET", {})
        role = next((r for r in ROLE_ORDER if statuses.get(r) == 200), None)
        if (
            role
            and not name.startswith(("journal:export", "clinic:client_export"))
            and name
            not in (
                "healthz",
                "manifest",
                "service_worker",
            )
        ):
            chosen.append((role, reverse(name, kwargs=url_kwargs(name, role, sample))))
    return chosen + EXTRA_PAGES


def page_findings(sample) -> dict[tuple[str, str], set[str]]:
    results = {}
    for role, url in pages(sample):
        client = Client()
        user = sample["users"][role]
        if user is not None:
            client.force_login(user)
        response = client.get(url)
        assert response.status_code in (200, 404), f"{url} as {role}: {response.status_code}"
        if "text/html" not in response.get("Content-Type", ""):
            continue  # a PDF or CSV download: no sentences to read
        results[(role, url)] = findings(visible_text(response.content.decode()))
    return results


def mail_findings(sample) -> dict[str, set[str]]:
    runner, physio, link = sample["users"]["runner"], sample["users"]["linked_physio"], sample["link"]
    mail.outbox.clear()
    monitoring_emails.send_flag_opened_to_runner(sample["flag"])
    for flag in runner.flags.all():
        clinic_emails.send_flag_opened_to_physio(flag_id=flag.pk, physio_id=physio.pk, worse=False)
    monitoring_emails.send_checkin(sample["checkin"])
    monitoring_emails.send_daily_reminder(runner)
    clinic_emails.send_invitation(invitation_id=sample["invitation"].pk)
    clinic_emails.send_invitation_accepted(link_id=link.pk)
    clinic_emails.send_new_message(message_id=clinic_services.message_send(sender=physio, link=link, body="Hi").pk)
    Client().post("/accounts/password/reset/", {"email": runner.email})
    Client().post("/accounts/password/reset/", {"email": "nobody@example.com"})
    results = {}
    for message in mail.outbox:
        bodies = [message.subject, message.body] + [visible_text(c) for c, _ in getattr(message, "alternatives", [])]
        results[message.subject] = set().union(*(findings(b) for b in bodies))
    return results


# --- the test -----------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_pages_and_mails_speak_the_glossary(lived_in, settings):
    settings.SITE_URL = "https://backtrack.example.org"
    found = {f"{role} {url}": f for (role, url), f in page_findings(lived_in).items()}
    found |= {f"mail {subject}": f for subject, f in mail_findings(lived_in).items()}
    unexpected = {where: sorted(fs) for where, fs in found.items() if fs}
    assert not unexpected, "\n" + "\n".join(f"{where}: {fs}" for where, fs in sorted(unexpected.items()))
