"""A client's page: journal review, flags, private notes, messages, export; every look is audited."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditAction, AuditEvent
from clinic import selectors, services
from clinic.models import ClinicalNote, Message
from journal.models import SavedCheck
from monitoring.models import Flag, FlagStatus
from plans.models import ExerciseTick, Review
from plans.services import plan_start
from tests.factories import CareLinkFactory, EntryFactory, FlagFactory, PhysioFactory, TrainingSessionFactory
from tests.query_counts import QUERY_COUNTS
from triage.codes import Verdict


def _url(link, name="clinic:client", *args):
    return reverse(name, args=[link.public_id, *args])


def test_opening_a_client_shows_their_journal_and_is_audited(physio_client, link):
    EntryFactory(runner=link.runner, pain=6, notes="Stiff after the long run")
    response = physio_client.get(_url(link))
    assert response.status_code == 200
    event = AuditEvent.objects.get()
    assert (event.actor, event.runner, event.action) == (link.physio, link.runner, AuditAction.VIEW)
    # The journal's days come from the history fragment, audited as a look of its own.
    html = physio_client.get(_url(link, "clinic:client_history"), headers={"X-Fragment": "1"}).content.decode()
    assert "Stiff after the long run" in html
    assert "6/10" in html
    assert AuditEvent.objects.filter(actor=link.physio, runner=link.runner, action=AuditAction.VIEW).count() == 2


def test_the_journal_is_paginated(physio_client, link):
    today = link.runner.local_today()
    for i in range(25):
        EntryFactory(runner=link.runner, day=today - dt.timedelta(days=i), pain=i % 10)
    history = _url(link, "clinic:client_history")
    first = physio_client.get(history).content.decode()
    assert first.count('<li class="card mb-2">') == 20
    second = physio_client.get(history, {"page": 2}).content.decode()
    assert second.count('<li class="card mb-2">') == 5
    assert physio_client.get(history, {"page": "nonsense"}).status_code == 200
    # the client page hands its page number on to the fragment
    assert (
        f'data-fragment="{history}?weeks=12&amp;page=2"' in physio_client.get(_url(link), {"page": 2}).content.decode()
    )


def test_the_page_shows_the_runners_charts_weekly_table_and_saved_checks(physio_client, link, time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 18, 12, tzinfo=dt.UTC), tick=False)
    EntryFactory(runner=link.runner, day=dt.date(2026, 3, 16), pain=2)
    EntryFactory(runner=link.runner, day=dt.date(2026, 3, 17), pain=5)
    TrainingSessionFactory(runner=link.runner, day=dt.date(2026, 3, 17), distance_m=6000)
    SavedCheck.objects.create(runner=link.runner, day=dt.date(2026, 3, 17), verdict=Verdict.choices[0][0])
    response = physio_client.get(_url(link))
    this_week = response.context["trends"]["weekly_recent_first"][0]
    assert this_week["monday"] == dt.date(2026, 3, 16)
    assert this_week["max_pain"] == 5
    assert this_week["distance"] == 6.0
    html = response.content.decode()
    assert 'id="trends-data"' in html
    assert 'id="trends-chart"' in html
    assert Verdict.choices[0][1] in html


def test_flags_show_the_live_ones_most_severe_then_newest_first_then_the_latest_resolved(physio_client, link):
    now = timezone.now()
    runner = link.runner

    def flag(status, severity, hours_ago, resolved_hours_ago=None, kind="leg_symptoms"):
        made = FlagFactory(
            runner=runner,
            kind=kind,
            status=status,
            severity=severity,
            resolved_at=None if resolved_hours_ago is None else now - dt.timedelta(hours=resolved_hours_ago),
        )
        Flag.objects.filter(pk=made.pk).update(opened_at=now - dt.timedelta(hours=hours_ago))  # auto_now_add
        return made

    acknowledged_urgent = flag("acknowledged", "urgent", 1)
    open_review_old = flag("open", "review", 50, kind="night_pain")
    open_review_new = flag("open", "review", 2, kind="not_settling_24h")
    open_urgent = flag("open", "urgent", 40, kind="emergency_symptoms")
    resolved = [flag("resolved", "urgent", 200 + i, resolved_hours_ago=100 + i) for i in range(12)]
    FlagFactory(kind="night_pain")  # another runner's
    shown = physio_client.get(_url(link)).context["flags"]
    live = [acknowledged_urgent, open_urgent, open_review_new, open_review_old]  # by severity, then the newest
    assert [f.pk for f in shown] == [f.pk for f in live + resolved[: selectors.RESOLVED_FLAGS_SHOWN]]
    assert len(resolved) > selectors.RESOLVED_FLAGS_SHOWN


def test_who_acknowledged_resolved_wrote_and_sent_is_named_without_a_query_each(
    physio_client, link, django_assert_num_queries
):
    # The flags' people come with the flags (names only), the notes' authors with the notes, and each message's
    # sender is the client or this physio: a page with several of each runs the usual number of queries.
    colleague = PhysioFactory(display_name="Dr Colleague")
    CareLinkFactory(runner=link.runner, physio=colleague)
    other_link = link.runner.care_links.get(physio=colleague)
    flags = [FlagFactory(runner=link.runner, kind=kind) for kind in ("night_pain", "leg_symptoms", "pain_rising")]
    services.flag_acknowledge(physio=colleague, link=other_link, flag=flags[0], note="Seen by the colleague")
    services.flag_resolve(physio=colleague, link=other_link, flag=flags[1], note="Sorted")
    services.flag_acknowledge(physio=link.physio, link=link, flag=flags[2], note="Mine")
    services.note_add(physio=colleague, link=other_link, body="The colleague's note")
    services.message_send(sender=link.runner, link=link, body="From the client")
    services.message_send(sender=link.physio, link=link, body="From the physio")
    physio_client.get(_url(link))  # warm-up: the clinician idle timer's session write
    with django_assert_num_queries(QUERY_COUNTS["client page, no plan"]):
        html = physio_client.get(_url(link)).content.decode()
    assert "Acknowledged by Dr Colleague on" in html
    assert "Resolved by Dr Colleague on" in html
    assert f"Acknowledged by {link.physio.name} on" in html
    assert "Dr Colleague, " in html  # the note's author
    conversation = html[html.index('id="messages-heading"') :]
    assert conversation.index(f"</i>{link.runner.name}, ") < conversation.index("From the client")
    assert conversation.index(f"</i>{link.physio.name}, ") < conversation.index("From the physio")


def test_a_refused_note_keeps_its_text_and_the_next_page_starts_with_blank_forms(physio_client, link):
    # Blank fields are rendered once per process (clinic_pages.textarea_field); a refused one never is kept.
    FlagFactory(runner=link.runner, kind="night_pain")
    FlagFactory(runner=link.runner, kind="leg_symptoms")
    physio_client.get(_url(link))
    refused = physio_client.post(_url(link, "clinic:note_add"), {"body": "y" * 4001}).content.decode()
    assert "y" * 4001 in refused
    assert 'id="id_note_body_error"' in refused
    page = physio_client.get(_url(link)).content.decode()
    assert "y" * 4001 not in page
    assert 'aria-invalid="true"' not in page
    for flag in link.runner.flags.all():  # each flag's form keeps its own ids
        assert '<textarea name="note" cols="40" rows="2" maxlength="2000"' in page
        assert f'id="id_flag{flag.pk}_note"' in page
        assert f'for="id_flag{flag.pk}_note"' in page


def test_notes_messages_and_checks_show_their_text_escaped_with_line_breaks(physio_client, link):
    services.note_add(physio=link.physio, link=link, body="<b>Hip</b> & back\nsecond line")
    services.message_send(sender=link.runner, link=link, body="<script>x</script>\nok")
    SavedCheck.objects.create(runner=link.runner, day=dt.date(2026, 3, 17), verdict=Verdict.choices[0][0])
    html = physio_client.get(_url(link)).content.decode()
    assert "&lt;b&gt;Hip&lt;/b&gt; &amp; back<br>second line" in html
    assert "&lt;script&gt;x&lt;/script&gt;<br>ok" in html
    assert "<b>Hip</b>" not in html
    assert "<script>x</script>" not in html
    assert f'<th scope="row">Tue 17 Mar 2026</th><td data-label="Verdict">{Verdict.choices[0][1]}</td>' in html
    assert '<td data-label="Likely cause">–</td>' in html


def test_the_client_page_runs_a_constant_number_of_queries(physio_client, link, django_assert_num_queries):
    # 1 session, 2 user, 3 link + runner, 4 audit insert, 5 flags (the live ones and the latest resolved),
    # 6-7 dashboard_context (entries, sessions), 8 saved checks, 9-10 progress measures without a plan (a
    # year of entries for the episode's length, the newest plan), 11 notes, 12 messages. The journal's days
    # come with the history fragment (client_history).
    # With a plan, 3 more: its PSFS ratings, its prescriptions, their ticks.
    # (The clinician idle timer's activity stamp costs 3 more, savepoint + session save + release, at most
    # once a minute; the warm-up request below takes that write.)
    today = link.runner.local_today()
    EntryFactory(runner=link.runner, day=today)
    FlagFactory(runner=link.runner)
    physio_client.get(_url(link))
    with django_assert_num_queries(QUERY_COUNTS["client page, no plan"]):
        physio_client.get(_url(link))
    for i in range(1, 60):
        EntryFactory(runner=link.runner, day=today - dt.timedelta(days=i))
        TrainingSessionFactory(runner=link.runner, day=today - dt.timedelta(days=i))
    FlagFactory(runner=link.runner, kind="night_pain", severity="review")
    FlagFactory(runner=link.runner, kind="night_pain", severity="review", status="resolved")
    for i in range(30):
        services.note_add(physio=link.physio, link=link, body=f"note {i}")
        Message.objects.create(runner=link.runner, physio=link.physio, sender=link.runner, body=f"msg {i}")
    with django_assert_num_queries(QUERY_COUNTS["client page, no plan"]):
        physio_client.get(_url(link))

    plan = plan_start(
        runner=link.runner, actor=link.runner, since=today - dt.timedelta(days=1), likely_cause="stiff_hip"
    )
    Review.objects.create(plan=plan, day=today, activities=[{"name": "Running", "score": 4}])
    with django_assert_num_queries(QUERY_COUNTS["client page"]):
        physio_client.get(_url(link))
    plan.started_on = plan.stage_since = today - dt.timedelta(days=59)
    plan.save()
    for i in range(1, 60):
        Review.objects.create(
            plan=plan, day=today - dt.timedelta(days=i), activities=[{"name": "Running", "score": i % 11}]
        )
        for prescription in plan.prescriptions.all():
            ExerciseTick.objects.create(prescription=prescription, day=today - dt.timedelta(days=i))
    with django_assert_num_queries(QUERY_COUNTS["client page"]):
        physio_client.get(_url(link))


def test_the_client_page_shows_the_progress_measures(physio_client, link, time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 2, 8, tzinfo=dt.UTC), tick=False)
    runner = link.runner
    plan = plan_start(runner=runner, actor=runner, since=dt.date(2026, 2, 16), likely_cause="stiff_hip")
    plan.prescriptions.update(created_at=dt.datetime(2026, 2, 16, 8, tzinfo=dt.UTC))
    ExerciseTick.objects.create(prescription=plan.prescriptions.first(), day=dt.date(2026, 3, 2))
    Review.objects.create(plan=plan, day=dt.date(2026, 2, 16), activities=[{"name": "Running downhill", "score": 3}])
    Review.objects.create(
        plan=plan, day=dt.date(2026, 3, 2), activities=[{"name": "Running downhill", "score": 6}], groc=2
    )
    for n in range(5):
        EntryFactory(runner=runner, day=dt.date(2026, 3, 2) - dt.timedelta(days=n), pain=3)
    html = physio_client.get(_url(link)).content.decode()
    measures = html.split('id="measures"', 1)[1].split("</section>", 1)[0]
    assert "Episode length: day 5 (first painful day 26 Feb 2026)." in measures
    assert "Mean 3.0 → 6.0 (+3.0: at or above the 2-point minimal clinically important difference)." in measures
    assert "Running downhill: 6" in measures
    assert "Much better" in measures
    assert "<td>16 Feb</td><td>0</td><td>14</td>" in measures
    assert "<td>2 Mar</td><td>1</td><td>2</td>" in measures


def test_without_a_plan_the_page_says_so_and_still_shows_the_episode(physio_client, link):
    EntryFactory(runner=link.runner, day=link.runner.local_today(), pain=4)
    html = physio_client.get(_url(link)).content.decode()
    measures = html.split('id="measures"', 1)[1].split("</section>", 1)[0]
    assert "Episode length: day 1" in measures
    assert "No return-to-run plan yet" in measures


def test_acknowledging_a_flag_records_who_when_and_the_note_and_is_audited(physio_client, link):
    flag = FlagFactory(runner=link.runner)
    response = physio_client.post(
        _url(link, "clinic:flag_acknowledge", flag.pk), {"note": "Called her, seeing her tomorrow"}
    )
    assert response.status_code == 302
    flag.refresh_from_db()
    assert flag.status == FlagStatus.ACKNOWLEDGED
    assert flag.acknowledged_by == link.physio
    assert flag.acknowledged_at
    assert flag.acknowledge_note == "Called her, seeing her tomorrow"
    assert AuditEvent.objects.filter(action=AuditAction.FLAG_ACKNOWLEDGE, runner=link.runner).count() == 1


def test_resolving_a_flag_records_the_note(physio_client, link):
    flag = FlagFactory(runner=link.runner, status="acknowledged")
    physio_client.post(_url(link, "clinic:flag_resolve", flag.pk), {"note": "Settled after two weeks of easy runs"})
    flag.refresh_from_db()
    assert flag.status == FlagStatus.RESOLVED
    assert flag.resolved_by == link.physio
    assert flag.resolve_note == "Settled after two weeks of easy runs"
    assert AuditEvent.objects.filter(action=AuditAction.FLAG_RESOLVE).count() == 1


def test_a_flag_action_needs_a_note_and_says_so(physio_client, link):
    flag = FlagFactory(runner=link.runner)
    response = physio_client.post(_url(link, "clinic:flag_acknowledge", flag.pk), {"note": "  "})
    assert response.status_code == 400
    assert "Write a note first: what you saw, did or decided." in response.content.decode()
    flag.refresh_from_db()
    assert flag.status == FlagStatus.OPEN
    assert not AuditEvent.objects.filter(action=AuditAction.FLAG_ACKNOWLEDGE).exists()


def test_a_resolved_flag_cannot_be_acknowledged(physio_client, link):
    flag = FlagFactory(runner=link.runner, status="resolved")
    response = physio_client.post(_url(link, "clinic:flag_acknowledge", flag.pk), {"note": "late"})
    assert response.status_code == 400
    assert "no longer open" in response.content.decode()


def test_another_runners_flag_answers_404(physio_client, link, other_runner):
    flag = FlagFactory(runner=other_runner)
    response = physio_client.post(_url(link, "clinic:flag_acknowledge", flag.pk), {"note": "peek"})
    assert response.status_code == 404
    assert Flag.objects.get(pk=flag.pk).status == FlagStatus.OPEN


def test_clinical_notes_are_shared_by_linked_physios_only(client, physio_client, link):
    physio_client.post(_url(link, "clinic:note_add"), {"body": "Suspect facet joint irritation"})
    assert ClinicalNote.objects.get().author == link.physio
    colleague = PhysioFactory()
    colleague_link = CareLinkFactory(runner=link.runner, physio=colleague)
    client.force_login(colleague)
    assert "Suspect facet joint irritation" in client.get(_url(colleague_link)).content.decode()


def test_the_runner_never_sees_clinical_notes(client, link):
    services.note_add(physio=link.physio, link=link, body="Suspect facet joint irritation")
    client.force_login(link.runner)
    for url in (reverse("clinic:care_team"), _url(link)):
        assert "facet joint" not in client.get(url).content.decode()


def test_an_empty_note_is_refused_with_a_message(physio_client, link):
    response = physio_client.post(_url(link, "clinic:note_add"), {"body": ""})
    assert response.status_code == 400
    assert "Write the note first." in response.content.decode()
    too_long = physio_client.post(_url(link, "clinic:note_add"), {"body": "x" * 4001})
    assert "Keep it to 4,000 characters or fewer (this has 4001)." in too_long.content.decode()
    assert not ClinicalNote.objects.exists()


def test_a_message_reaches_the_runner_and_they_can_reply(
    physio_client, client, link, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        physio_client.post(_url(link, "clinic:message_send"), {"body": "How did the easy run feel?"})
    assert len(callbacks) == 1  # the runner is told by email that a message waits (without its text)
    client.force_login(link.runner)
    html = client.get(reverse("clinic:care_team")).content.decode()
    assert "How did the easy run feel?" in html
    client.post(reverse("clinic:reply", args=[link.public_id]), {"body": "Fine, no pain after"})
    client.force_login(link.physio)
    assert "Fine, no pain after" in client.get(_url(link)).content.decode()


def test_the_export_is_a_csv_of_entries_and_is_audited(physio_client, link):
    EntryFactory(runner=link.runner, pain=7, notes="=HYPERLINK(1)")
    response = physio_client.get(_url(link, "clinic:client_export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    body = b"".join(response.streaming_content).decode()
    assert body.lstrip("\ufeff").startswith("date,pain")  # the journal's documented export columns
    assert ",7," in body
    assert "'=HYPERLINK(1)" in body
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT).count() == 1


@pytest.mark.parametrize("name", ["clinic:client", "clinic:client_export"])
def test_after_revocation_the_next_request_is_refused(physio_client, link, name):
    services.link_revoke(runner=link.runner, link=link)
    assert physio_client.get(_url(link, name)).status_code == 404
    assert not AuditEvent.objects.exists()


def test_the_page_leads_with_flags_then_notes_and_messages_then_the_journal(physio_client, link):
    EntryFactory(runner=link.runner, pain=3)
    FlagFactory(runner=link.runner)
    html = physio_client.get(_url(link)).content.decode()
    order = ['id="flags"', 'id="notes"', 'id="messages"', 'id="trends-chart"', 'id="saved-checks"', 'id="history"']
    positions = [html.index(marker) for marker in order]
    assert positions == sorted(positions), dict(zip(order, positions, strict=True))


def test_flag_cards_show_their_evidence_and_a_dismissed_flag_says_so(physio_client, link):
    FlagFactory(
        runner=link.runner,
        kind="worsening_week_on_week",
        severity="review",
        evidence={
            "recent_week_of": "2026-03-09",
            "recent_pain": 5,
            "baseline_week_of": "2026-03-02",
            "baseline_pain": 4,
            "rise_points": 1,
        },
    )
    FlagFactory(runner=link.runner, kind="night_pain", status="resolved", close_reason="runner_dismissed")
    html = physio_client.get(_url(link)).content.decode()
    assert "Typical pain in the week of Monday 9 March: 5/10, against 4/10 in their better week" in html
    assert "A rise of 1 point." in html
    states = re.findall(r'data-testid="flag-state">([^<]+)<', html)
    assert states == ["Open", "Dismissed"]


def test_a_refused_flag_note_puts_the_client_pages_address_back(physio_client, link):
    flag = FlagFactory(runner=link.runner)
    response = physio_client.post(_url(link, "clinic:flag_acknowledge", flag.pk), {"note": "  "})
    assert response.status_code == 400
    html = response.content.decode()
    assert f'<meta name="bt-page-url" content="{_url(link)}#flag-{flag.pk}">' in html
    assert "js/page-url" in html
    assert 'name="bt-page-url"' not in physio_client.get(_url(link)).content.decode()


def test_the_physios_flag_notes_are_shown_escaped_on_the_flag_cards(physio_client, link):
    acknowledged = FlagFactory(runner=link.runner, kind="night_pain", severity="review")
    resolved = FlagFactory(runner=link.runner, kind="leg_symptoms", severity="urgent")
    services.flag_acknowledge(physio=link.physio, link=link, flag=acknowledged, note="<b>Seen</b> & booked")
    services.flag_resolve(physio=link.physio, link=link, flag=resolved, note="<i>Settled</i>")
    html = physio_client.get(_url(link)).content.decode()
    assert "&lt;b&gt;Seen&lt;/b&gt; &amp; booked" in html
    assert "&lt;i&gt;Settled&lt;/i&gt;" in html
    assert "<b>Seen</b>" not in html
    assert "<i>Settled</i>" not in html
