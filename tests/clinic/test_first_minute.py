"""The physio's pages (issue 22 §3): flags keep their order (by severity, then the newest) after any action,
on the client page and the caseload, and the pages speak to the physio about the client."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from clinic import selectors
from monitoring.models import Flag
from tests.factories import FlagFactory, TrainingSessionFactory


def _flag(runner, severity, hours_ago, kind):
    made = FlagFactory(runner=runner, kind=kind, severity=severity)
    Flag.objects.filter(pk=made.pk).update(opened_at=timezone.now() - dt.timedelta(hours=hours_ago))
    return made


def test_acknowledging_a_flag_leaves_every_flag_where_it_was(physio_client, link):
    runner = link.runner
    flags = [
        _flag(runner, "urgent", 30, "emergency_symptoms"),
        _flag(runner, "urgent", 40, "serious_cause_signs"),
        _flag(runner, "review", 2, "night_pain"),
        _flag(runner, "review", 20, "leg_symptoms"),
    ]
    url = reverse("clinic:client", args=[link.public_id])
    before = [f.pk for f in physio_client.get(url).context["flags"]]
    assert before == [f.pk for f in flags]
    for flag in flags:  # acknowledge each in turn, the first one first
        response = physio_client.post(
            reverse("clinic:flag_acknowledge", args=[link.public_id, flag.pk]), {"note": "Seen, calling today"}
        )
        assert response.status_code == 302
        assert [f.pk for f in physio_client.get(url).context["flags"]] == before


def test_the_caseload_lists_a_clients_flags_by_severity_then_newest(physio_client, link):
    runner = link.runner
    _flag(runner, "review", 50, "night_pain")
    _flag(runner, "urgent", 40, "serious_cause_signs")
    _flag(runner, "review", 2, "not_settling_24h")
    _flag(runner, "urgent", 1, "emergency_symptoms")
    (row,) = selectors.caseload(physio=link.physio)
    assert [kind for kind, _label, _severity in row.flags] == [
        "emergency_symptoms",
        "serious_cause_signs",
        "not_settling_24h",
        "night_pain",
    ]
    page = physio_client.get(reverse("clinic:caseload")).content.decode()
    assert page.count('class="caseload-badges"') == 1  # one wrapping box per client


def test_the_client_page_speaks_of_the_client_not_to_them(physio_client, link):
    today = link.runner.local_today()
    TrainingSessionFactory(runner=link.runner, day=today - dt.timedelta(days=6), distance_m=4000)
    TrainingSessionFactory(runner=link.runner, day=today - dt.timedelta(days=2), distance_m=8000)
    page = physio_client.get(reverse("clinic:client", args=[link.public_id])).content.decode()
    page += physio_client.get(reverse("clinic:client_history", args=[link.public_id])).content.decode()
    assert "100% longer than their longest run of the 30 days before" in page
    assert "your longest run" not in page
    assert "Acute:chronic" in page  # the clinician's term stays on the clinician's page


def test_a_client_with_nothing_logged_is_named_not_told_to_log(physio_client, link):
    page = physio_client.get(reverse("clinic:client", args=[link.public_id])).content.decode()
    assert "Robin Runner has logged nothing in this period yet." in page
    assert "Once you log your back" not in page
