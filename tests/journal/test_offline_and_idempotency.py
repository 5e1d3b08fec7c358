"""The service worker and offline page are served from our origin; a logging form sent twice with one
idempotency key logs once."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.urls import reverse

from journal.models import Entry, TrainingSession
from tests.factories import EntryFactory
from tests.utils import NOW


@pytest.fixture(autouse=True)
def _no_key_left(request):
    """A signed-in test starts with no idempotency key left in the cache and queues no monitoring check."""
    if "signed_in" in request.fixturenames:
        request.getfixturevalue("quiet_monitoring")
        cache.clear()


def run_data(**overrides):
    return {
        "day": "2026-03-11",
        "session_type": "easy",
        "distance": "8.5",
        "duration": "45:30",
        "rpe": "4",
        **overrides,
    }


def test_the_service_worker_is_served_at_the_root_with_its_scope_header(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    first_line, body = response.content.decode().split("\n", 1)
    config = json.loads(first_line.removeprefix("self.BACKTRACK = ").removesuffix(";"))
    assert config["offline"] == "/offline/"
    assert "/static/js/offline-queue.js" in config["assets"]
    assert "/static/css/backtrack.css" in config["assets"]
    assert 'addEventListener("fetch"' in body


def test_every_file_the_service_worker_keeps_exists(client):
    config = json.loads(client.get("/sw.js").content.decode().split("\n", 1)[0][len("self.BACKTRACK = ") : -1])
    assert client.get(config["offline"]).status_code == 200
    for url in config["assets"]:
        assert finders.find(url.removeprefix("/static/")), url


@pytest.mark.django_db
def test_the_offline_page_holds_no_user_or_token_and_offers_pain_and_run_forms(client, runner):
    client.force_login(runner)
    html = client.get("/offline/").content.decode()
    assert "You are offline" in html
    assert runner.name not in html
    assert "csrfmiddlewaretoken" not in html
    assert 'data-offline-queue="pain" novalidate' in html
    assert 'data-offline-queue="run" novalidate' in html
    assert 'action="/journal/today/pain/"' in html
    assert 'action="/journal/sessions/new/"' in html


def test_the_manifest_names_the_app_and_its_icons_on_our_origin(client):
    manifest = client.get("/manifest.webmanifest").json()
    assert manifest["name"] == "Backtrack"
    assert manifest["display"] == "standalone"
    assert [icon["src"] for icon in manifest["icons"]][:2] == ["/static/img/icon-192.png", "/static/img/icon-512.png"]
    for icon in manifest["icons"]:
        assert finders.find(icon["src"].removeprefix("/static/")), icon["src"]


@pytest.mark.django_db
def test_a_run_sent_twice_with_one_key_is_logged_once(signed_in, runner):
    first = signed_in.post(reverse("journal:session_new"), run_data(), HTTP_IDEMPOTENCY_KEY="run-key-0001")
    again = signed_in.post(reverse("journal:session_new"), run_data(), HTTP_IDEMPOTENCY_KEY="run-key-0001")
    assert first.status_code == 302
    assert again.status_code == 302
    assert again["Location"] == reverse("journal:dashboard")
    assert list(TrainingSession.objects.filter(runner=runner).values_list("day", "duration_s")) == [
        (dt.date(2026, 3, 11), 2730)
    ]


@pytest.mark.django_db
def test_the_key_may_come_in_a_hidden_field(signed_in, runner):
    for _ in range(2):
        signed_in.post(reverse("journal:session_new"), run_data(idempotency_key="run-key-0002"))
    assert TrainingSession.objects.filter(runner=runner).count() == 1


@pytest.mark.django_db
def test_two_runs_with_different_keys_are_two_runs(signed_in, runner):
    signed_in.post(reverse("journal:session_new"), run_data(), HTTP_IDEMPOTENCY_KEY="run-key-0003")
    signed_in.post(reverse("journal:session_new"), run_data(duration="20"), HTTP_IDEMPOTENCY_KEY="run-key-0004")
    assert sorted(TrainingSession.objects.filter(runner=runner).values_list("duration_s", flat=True)) == [1200, 2730]


@pytest.mark.django_db
def test_a_refused_form_gives_its_key_back_so_the_corrected_form_is_logged(signed_in, runner):
    bad = signed_in.post(reverse("journal:session_new"), run_data(rpe="11"), HTTP_IDEMPOTENCY_KEY="run-key-0005")
    assert bad.status_code == 400
    good = signed_in.post(reverse("journal:session_new"), run_data(), HTTP_IDEMPOTENCY_KEY="run-key-0005")
    assert good.status_code == 302
    assert TrainingSession.objects.filter(runner=runner).count() == 1


@pytest.mark.django_db
def test_a_replayed_pain_does_not_overwrite_a_later_change(signed_in, runner):
    signed_in.post(reverse("journal:quick_pain"), {"pain": "6"}, HTTP_IDEMPOTENCY_KEY="pain-key-0001")
    signed_in.post(reverse("journal:quick_pain"), {"pain": "2"}, HTTP_IDEMPOTENCY_KEY="pain-key-0002")
    signed_in.post(reverse("journal:quick_pain"), {"pain": "6"}, HTTP_IDEMPOTENCY_KEY="pain-key-0001")  # late replay
    assert Entry.objects.get(runner=runner, day=dt.date(2026, 3, 11)).pain == 2


@pytest.mark.django_db
def test_keys_belong_to_one_runner(signed_in, runner, other_runner, client):
    signed_in.post(reverse("journal:session_new"), run_data(), HTTP_IDEMPOTENCY_KEY="shared-key-01")
    client.force_login(other_runner)
    client.post(reverse("journal:session_new"), run_data(), HTTP_IDEMPOTENCY_KEY="shared-key-01")
    assert TrainingSession.objects.filter(runner=other_runner).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["short", "x" * 81, "has space 123", "nul\x00byte-123", "ünïcode-key-1"])
def test_a_damaged_key_is_refused_with_400_and_nothing_saved(signed_in, runner, key):
    response = signed_in.post(reverse("journal:session_new"), run_data(idempotency_key=key))
    assert response.status_code == 400
    assert "damaged key" in response.content.decode()
    assert not TrainingSession.objects.filter(runner=runner).exists()


@pytest.mark.django_db
def test_a_physio_with_a_key_still_gets_404_and_leaves_no_claim(client, physio):
    client.force_login(physio)
    response = client.post(reverse("journal:quick_pain"), {"pain": "3"}, HTTP_IDEMPOTENCY_KEY="physio-key-1")
    assert response.status_code == 404
    assert cache.get(f"journal:idempotency:{physio.pk}:quick_pain:physio-key-1") is None


@pytest.mark.django_db
def test_pain_kept_on_an_earlier_day_is_logged_once_on_that_day_logged_or_not(signed_in, runner):
    # The offline queue sends pain with the day it was kept on (today is 11 March), to the one-tap form.
    EntryFactory(runner=runner, day=dt.date(2026, 3, 9), pain=2, notes="Long run")
    for _ in range(2):
        for day, key in (("2026-03-10", "old-pain-0001"), ("2026-03-09", "old-pain-0002")):
            response = signed_in.post(
                reverse("journal:quick_pain"), {"day": day, "pain": "5"}, HTTP_IDEMPOTENCY_KEY=key
            )
            assert response.status_code == 302
    entries = Entry.objects.filter(runner=runner).order_by("day")
    assert [(e.day, e.pain, e.notes) for e in entries] == [
        (dt.date(2026, 3, 9), 5, "Long run"),  # a logged day keeps the rest of its entry
        (dt.date(2026, 3, 10), 5, ""),
    ]
    page = signed_in.get(reverse("journal:dashboard")).content.decode()
    assert "Back pain for Tuesday 10 March is logged: 5 out of 10." in page


@pytest.mark.django_db
@pytest.mark.parametrize("day", ["2026-03-03", "2026-03-12", "yesterday", "2026-02-30"])
def test_pain_for_a_day_out_of_reach_is_refused_with_a_message_and_nothing_saved(signed_in, runner, day):
    response = signed_in.post(reverse("journal:quick_pain"), {"day": day, "pain": "5"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "log an older day from the journal" in html or "That day is not a date." in html
    assert not Entry.objects.filter(runner=runner).exists()


@pytest.mark.django_db
def test_an_earlier_day_counts_back_from_the_phones_today_whatever_its_time_zone(signed_in, runner):
    # The runner's today is 11 March; a phone already on 12 March sends pain kept on its yesterday.
    response = signed_in.post(
        reverse("journal:quick_pain"), {"day": "2026-03-11", "phone_today": "2026-03-12", "pain": "4"}
    )
    assert response.status_code == 302
    assert list(Entry.objects.filter(runner=runner).values_list("day", "pain")) == [(dt.date(2026, 3, 10), 4)]


@pytest.mark.django_db
def test_a_day_changed_in_the_journal_after_the_offline_tap_keeps_its_newer_pain(signed_in, runner):
    entry = EntryFactory(runner=runner, day=dt.date(2026, 3, 10), pain=7)  # logged at NOW (12:00)
    an_hour_before = int((NOW - dt.timedelta(hours=1)).timestamp() * 1000)
    response = signed_in.post(
        reverse("journal:quick_pain"), {"day": "2026-03-10", "pain": "3", "kept_at": str(an_hour_before)}, follow=True
    )
    assert (
        "was changed after you tapped 3 on your phone, so it keeps the newer 7 out of 10" in response.content.decode()
    )
    entry.refresh_from_db()
    assert entry.pain == 7
    a_minute_after = int((NOW + dt.timedelta(minutes=1)).timestamp() * 1000)
    signed_in.post(reverse("journal:quick_pain"), {"day": "2026-03-10", "pain": "3", "kept_at": str(a_minute_after)})
    entry.refresh_from_db()
    assert entry.pain == 3


@pytest.mark.django_db
@pytest.mark.parametrize("kept_at", ["-1", "100000000000000", "soon", "1e3", "12\x00"])
def test_a_kept_time_out_of_range_is_refused_and_nothing_saved(signed_in, runner, kept_at):
    response = signed_in.post(reverse("journal:quick_pain"), {"pain": "3", "kept_at": kept_at})
    assert response.status_code == 400
    assert 'class="invalid-feedback d-block"' in response.content.decode()  # the reason is shown
    assert not Entry.objects.filter(runner=runner).exists()
