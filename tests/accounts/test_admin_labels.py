"""The admin speaks the same words as the app: one "Accounts" section (allauth's) next to ours, "Users and care
links", and "Two-factor login" for allauth's authenticators; a user's notification fields labelled as on the profile page; no column or field named by its code or by
a word docs/glossary.md rules out; no "None" where a history has no change reason or nobody changed it."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.urls import reverse

from accounts.forms import ProfileForm
from clinic import services as clinic_services
from tests.quality.words import findings
from triage.models import AdviceText

pytestmark = pytest.mark.django_db


class Labels(HTMLParser):
    """The texts of field labels and of column headings (``thead th``)."""

    def __init__(self):
        super().__init__()
        self.labels: list[str] = []
        self._open: list[str] = []
        self._in_thead = 0

    def handle_starttag(self, tag, attrs):
        if tag == "thead":
            self._in_thead += 1
        if tag == "label" or (tag == "th" and self._in_thead):
            self._open.append("")

    def handle_endtag(self, tag):
        if tag == "thead":
            self._in_thead -= 1
        if (tag == "label" or (tag == "th" and self._in_thead)) and self._open:
            text = " ".join(self._open.pop().split())
            if text:
                self.labels.append(text)

    def handle_data(self, data):
        if self._open:
            self._open[-1] += data


def labels(html: str) -> list[str]:
    parser = Labels()
    parser.feed(html)
    return parser.labels


def test_the_admin_index_has_one_accounts_section_and_ours_is_users_and_care_links(admin_client):
    html = admin_client.get(reverse("admin:index")).content.decode()
    assert ">Users and care links</a>" in html
    assert html.count(">Accounts</a>") == 1  # allauth's email addresses
    assert ">Two-factor login</a>" in html  # allauth's "MFA", a word docs/glossary.md rules out
    assert ">MFA</a>" not in html


def test_a_users_notification_fields_read_as_on_the_profile_page(admin_client, runner):
    html = admin_client.get(reverse("admin:accounts_user_change", args=[runner.pk])).content.decode()
    shown = labels(html)
    # (Django's admin puts no colon after a checkbox's label.)
    for label in ("Run check-in emails", "Daily reminder", "Reminder time:", "Distance units:", "Active", "Staff"):
        assert label in shown, f"{label!r} not among {shown}"
    for old in ("Email checkins", "Reminder enabled", "Is active", "Is staff"):
        assert old not in html
    # Written once, on the model: the profile form shows the same words.
    form = ProfileForm(instance=runner)
    assert [form.fields[name].label for name in ("email_checkins", "reminder_enabled", "units", "country")] == [
        "Run check-in emails",
        "Daily reminder",
        "Distance units",
        "Country for emergency numbers",
    ]


def test_verifying_one_physio_says_account_not_accounts(admin_client, unverified_physio):
    response = admin_client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "verify_physios", "_selected_action": [unverified_physio.pk]},
        follow=True,
    )
    assert "1 physio account verified." in response.content.decode()


def test_a_history_without_a_change_reason_shows_a_dash_not_none(admin_client):
    text = AdviceText.objects.get(code="verdict_easy_run")
    text.save()  # a version saved outside the admin: nobody changed it, and it has no change reason
    assert (text.history.latest().history_user, text.history.latest().history_change_reason) == (None, None)
    html = admin_client.get(reverse("admin:triage_advicetext_history", args=[text.pk])).content.decode()
    body = re.search(r"<tbody>(.*?)</tbody>", html, flags=re.DOTALL).group(1)
    newest = re.search(r"<tr>(.*?)</tr>", body, flags=re.DOTALL).group(1)
    cells = [" ".join(c.split()) for c in re.findall(r"<td>(.*?)</td>", newest, flags=re.DOTALL)]
    assert cells[-3:-1] == ["Changed", "–"], cells  # no change reason: what happened in words; by nobody
    assert "None" not in " ".join(cells), cells  # an empty value in "Changes" is a dash too
    history_table = re.search(r'<table id="change-history".*?</table>', html, flags=re.DOTALL).group(0)
    assert labels(history_table) == ["When", "Title", "What happened", "By whom", "Changes"]


def test_no_admin_label_is_a_code_or_a_word_the_glossary_rules_out(admin_client, world):
    link = world["link"]
    clinic_services.message_send(sender=world["users"]["linked_physio"], link=link, body="Hello")
    clinic_services.note_add(physio=world["users"]["linked_physio"], link=link, body="A note")
    problems = {}
    for model in admin.site._registry:
        opts = model._meta
        urls = [reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")]
        first = model._default_manager.first()
        if first is not None:
            urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[first.pk]))
            urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[first.pk]))
        for url in urls:
            response = admin_client.get(url)
            assert response.status_code == 200, url
            found = {label: sorted(f) for label in labels(response.content.decode()) if (f := findings(label))}
            if found:
                problems[url] = found
    assert not problems, problems
