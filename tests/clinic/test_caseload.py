"""The physio's home page: every active client, most worrying first, in a constant number of queries."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import LinkStatus
from journal.models import Entry
from tests.factories import (
    CareLinkFactory,
    EntryFactory,
    FlagFactory,
    PhysioFactory,
    RunnerFactory,
    TrainingSessionFactory,
)
from tests.query_counts import QUERY_COUNTS

NOW = dt.datetime(2026, 3, 18, 12, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 3, 18)  # a Wednesday


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


def _client_with(physio, name, pains=(), flags=(), runs=()):
    runner = RunnerFactory(display_name=name)
    CareLinkFactory(runner=runner, physio=physio)
    for days_ago, pain in pains:
        EntryFactory(runner=runner, day=TODAY - dt.timedelta(days=days_ago), pain=pain)
    for kind, severity in flags:
        FlagFactory(runner=runner, kind=kind, severity=severity)
    for days_ago, metres in runs:
        TrainingSessionFactory(runner=runner, day=TODAY - dt.timedelta(days=days_ago), distance_m=metres)
    return runner


def _names(response):
    return [row.name for row in response.context["rows"]]


def test_clients_are_ordered_urgent_then_review_then_largest_rise(frozen, physio_client, physio):
    _client_with(physio, "Falling", pains=[(d, 6) for d in range(7, 14)] + [(d, 2) for d in range(7)])
    _client_with(physio, "Rising", pains=[(d, 1) for d in range(7, 14)] + [(d, 5) for d in range(7)])
    _client_with(physio, "Reviewed", flags=[("night_pain", "review")])
    _client_with(physio, "Urgent", flags=[("leg_symptoms", "urgent")])
    _client_with(physio, "Quiet")
    response = physio_client.get(reverse("clinic:caseload"))
    assert response.status_code == 200
    assert _names(response) == ["Urgent", "Reviewed", "Rising", "Falling", "Quiet"]


def test_a_row_shows_last_entry_current_pain_sparkline_distance_and_flags(frozen, physio_client, physio):
    _client_with(
        physio,
        "Robin",
        pains=[(1, 4), (3, 6), (20, 9)],
        flags=[("night_pain", "review")],
        runs=[(0, 5000), (2, 7000), (3, 10_000)],  # Monday 16th to Wednesday 18th; the 15th is last week
    )
    response = physio_client.get(reverse("clinic:caseload"))
    (row,) = response.context["rows"]
    assert row.last_entry == TODAY - dt.timedelta(days=1)
    assert row.current_pain == 4
    assert row.series[-2] == 4
    assert row.series[-4] == 6
    assert len(row.series) == 14
    assert row.week_distance_m == 12_000
    html = response.content.decode()
    assert "12.0 km" in html
    assert 'class="sparkline"' in html
    assert "Review: Night pain" in html


def test_revoked_links_are_not_in_the_caseload(physio_client, physio):
    _client_with(physio, "Active")
    CareLinkFactory(physio=physio, runner=RunnerFactory(display_name="Revoked"), status=LinkStatus.REVOKED)
    CareLinkFactory(runner=RunnerFactory(display_name="Someone else's"))
    assert _names(physio_client.get(reverse("clinic:caseload"))) == ["Active"]


def test_search_by_name_and_filter_by_flag(physio_client, physio):
    _client_with(physio, "Alice Urgent", flags=[("leg_symptoms", "urgent")])
    _client_with(physio, "Bob Review", flags=[("night_pain", "review")])
    _client_with(physio, "Carol Quiet")
    url = reverse("clinic:caseload")
    assert _names(physio_client.get(url, {"q": "bob"})) == ["Bob Review"]
    assert _names(physio_client.get(url, {"severity": "urgent"})) == ["Alice Urgent"]
    assert _names(physio_client.get(url, {"kind": "night_pain"})) == ["Bob Review"]
    response = physio_client.get(url, {"q": "nobody"})
    assert "No client matches these filters." in response.content.decode()


def test_an_unknown_filter_value_is_a_400_with_a_message(physio_client, physio):
    response = physio_client.get(reverse("clinic:caseload"), {"severity": "catastrophic"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_the_caseload_runs_the_same_number_of_queries_for_1_and_200_clients(
    frozen, physio_client, physio, django_assert_num_queries
):
    # 1 session, 2 user, 3 links + runners + latest entry, 4 entries of the last 14 days, 5 this week's
    # runs, 6 open flags, 7 audit rows for the clients shown (one INSERT), 8 pending invitations, 9 unused
    # link codes. (The clinician idle timer's activity stamp costs 3 more, savepoint + session
    # save + release, at most once a minute; the warm-up request below takes that write.)
    _client_with(physio, "Only one", pains=[(0, 3)], flags=[("night_pain", "review")], runs=[(0, 5000)])
    physio_client.get(reverse("clinic:caseload"))
    with django_assert_num_queries(QUERY_COUNTS["caseload page"]):
        response = physio_client.get(reverse("clinic:caseload"))
    assert len(response.context["rows"]) == 1

    pains = []  # 14 days each, written in bulk (the page reads them; nothing here needs their signals)
    for i in range(199):
        runner = _client_with(physio, f"Client {i:03}", runs=[(0, 5000)])
        pains += [
            EntryFactory.build(runner=runner, day=TODAY - dt.timedelta(days=d), pain=(i + d) % 10) for d in range(14)
        ]
        if i % 5 == 0:
            FlagFactory(runner=runner, kind="leg_symptoms", severity="urgent")
    Entry.objects.bulk_create(pains)
    with django_assert_num_queries(QUERY_COUNTS["caseload page"]):
        response = physio_client.get(reverse("clinic:caseload"))
    assert len(response.context["rows"]) == 200


def test_each_client_the_caseload_shows_is_audited_once_per_view_and_only_those(frozen, physio_client, physio):
    from accounts.models import AuditAction, AuditEvent

    urgent = _client_with(physio, "Urgent", flags=[("leg_symptoms", "urgent")])
    quiet = _client_with(physio, "Quiet", pains=[(0, 1)])
    stranger = _client_with(PhysioFactory(), "Someone else's")
    url = reverse("clinic:caseload")

    physio_client.get(url)

    def seen():
        return AuditEvent.objects.filter(action=AuditAction.CASELOAD)

    assert sorted((e.runner_id, e.actor_id, e.actor_email) for e in seen()) == sorted(
        [(urgent.pk, physio.pk, physio.email), (quiet.pk, physio.pk, physio.email)]
    )
    assert {e.at for e in seen()} == {timezone.now()}

    physio_client.get(url, {"severity": "urgent"})  # a filtered view audits only the rows it shows
    assert [e.runner_id for e in seen().order_by("-id")[:1]] == [urgent.pk]
    assert seen().count() == 3
    assert not AuditEvent.objects.filter(runner=stranger).exists()

    physio_client.get(url, {"severity": "catastrophic"})  # the 400 re-render shows every client: audited too
    assert seen().count() == 5


def test_the_runner_reads_how_often_their_summary_was_seen_and_it_does_not_crowd_out_the_rest(
    frozen, physio_client, physio, client
):
    from accounts.models import AuditAction, AuditEvent

    runner = _client_with(physio, "Rita", pains=[(0, 3)])
    AuditEvent.objects.create(actor=physio, actor_email=physio.email, runner=runner, action=AuditAction.VIEW)
    for _ in range(3):
        physio_client.get(reverse("clinic:caseload"))
    AuditEvent.objects.bulk_create(  # a busy physio: more caseload views than the list shows rows
        AuditEvent(actor=physio, actor_email=physio.email, runner=runner, action=AuditAction.CASELOAD)
        for _ in range(150)
    )
    client.force_login(runner)
    html = client.get(reverse("clinic:care_team")).content.decode()
    assert "Opened the journal" in html, "pushed off the list by caseload views"
    assert f"{physio.email}: 153 times, last on 18 Mar 2026, 12:00" in html


def test_a_caseload_larger_than_one_insert_is_audited_in_chunks(physio, monkeypatch):
    from accounts import audit
    from accounts.models import AuditAction, AuditEvent

    monkeypatch.setattr(audit, "AUDIT_INSERT_ROWS", 2)
    runners = [RunnerFactory() for _ in range(5)]
    assert audit.audit_caseload(actor=physio, runner_ids=[r.pk for r in runners]) == 5
    assert sorted(AuditEvent.objects.filter(action=AuditAction.CASELOAD).values_list("runner_id", flat=True)) == sorted(
        r.pk for r in runners
    )
    assert audit.audit_caseload(actor=physio, runner_ids=[]) == 0


def test_the_filter_keeps_what_was_asked_and_the_unfilled_filter_is_the_same_for_everyone(physio_client, physio):
    _client_with(physio, "Bob Review", flags=[("night_pain", "review")])
    url = reverse("clinic:caseload")
    filtered = physio_client.get(url, {"q": "bob", "severity": "review"}).content.decode()
    assert 'name="q" value="bob"' in filtered
    assert '<option value="review" selected>' in filtered
    assert ">Clear</a>" in filtered
    plain = physio_client.get(url).content.decode()  # the filter each process renders once: nothing carried over
    assert 'value="bob"' not in plain
    assert " selected>" in plain  # only the blank choices
    assert '<option value="review" selected>' not in plain
    assert ">Clear</a>" not in plain


def test_a_row_escapes_the_clients_name_and_links_to_their_page(physio_client, physio):
    runner = _client_with(physio, "<b>Bold</b> & Co", flags=[("leg_symptoms", "urgent"), ("night_pain", "review")])
    link = runner.care_links.get()
    html = physio_client.get(reverse("clinic:caseload")).content.decode()
    assert f'<a href="{reverse("clinic:client", args=[link.public_id])}">&lt;b&gt;Bold&lt;/b&gt; &amp; Co</a>' in html
    assert "<b>Bold</b>" not in html
    assert html.index("Urgent: Leg symptoms") < html.index("Review: Night pain")  # the more severe first
    assert '<td data-label="Last entry"><span class="text-body-secondary">none yet</span></td>' in html
    assert '<td data-label="Pain now">–</td>' in html  # no entry: no day, no pain
