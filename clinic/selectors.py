"""Read-only queries of the physio workspace. Each runs a fixed number of queries whatever the data size.

Callers pass what ``accounts.access`` returned (a verified physio, a ``CareLink``), never raw ids.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, F, Max, OuterRef, Q, QuerySet, Subquery, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from accounts import access
from accounts.models import AuditAction, AuditEvent, CareLink, LinkStatus, User
from clinic import caseload as calc
from clinic.models import ClinicalNote, Invitation, InvitationStatus, LinkCode, Message
from journal.metrics import week_start
from journal.models import RUN_TYPES, Entry, SavedCheck, TrainingSession
from monitoring.models import SEVERITY_RANK, Flag, FlagKind, FlagStatus

SAVED_CHECKS_SHOWN = 20
AUDIT_SHOWN = 100
MESSAGES_SHOWN = 50
THREAD_MESSAGES_SHOWN = 10  # per physio, on the runner's dashboard and care team page
MESSAGE_NOTICE_DAYS = 7  # a physio's unanswered message this recent leads the runner's dashboard
NOTES_SHOWN = 100
RESOLVED_FLAGS_SHOWN = 10

_FLAG_FIELDS = tuple(field.name for field in Flag._meta.concrete_fields)
_FLAG_PEOPLE = (
    "acknowledged_by__display_name",
    "acknowledged_by__email",
    "resolved_by__display_name",
    "resolved_by__email",
)


def _local_today(user: User, now: dt.datetime) -> dt.date:
    return timezone.localtime(now, user.zone).date()


# --- caseload -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class CaseloadFilters:
    search: str = ""
    kind: str = ""
    severity: str = ""


def caseload(*, physio: User, filters: CaseloadFilters | None = None) -> list[calc.CaseloadRow]:
    """All active clients of a verified physio, most worrying first. Four queries, whatever the size:
    links with runners and their latest entry, recent entries, this week's runs, open flags.

    Only the columns the table shows are read (plain values, no ORDER BY: the rows are sorted here), which
    keeps Django's work of building each query's SQL small; that, not running them, was most of their cost."""
    filters = filters or CaseloadFilters()
    latest = Entry.objects.filter(runner=OuterRef("runner_id")).order_by("-day")
    links = (
        access.client_links(physio)
        .select_related("runner")
        .only("public_id", "runner__display_name", "runner__email", "runner__time_zone")
        .annotate(last_day=Subquery(latest.values("day")[:1]), last_pain=Subquery(latest.values("pain")[:1]))
        .order_by()
    )
    if filters.search:
        links = links.filter(
            Q(runner__display_name__icontains=filters.search) | Q(runner__email__icontains=filters.search)
        )
    links = sorted(links, key=lambda link: link.pk)  # query 1; a fixed order, which ties in calc.order keep
    if not links:
        return []

    now = timezone.now()
    today_of = {link.runner_id: _local_today(link.runner, now) for link in links}
    runner_ids = list(today_of)
    earliest = min(today_of.values()) - dt.timedelta(days=calc.SPARK_DAYS - 1)
    earliest_monday = min(week_start(day) for day in today_of.values())

    pain_by_runner: dict[int, dict[dt.date, int]] = defaultdict(dict)
    for runner_id, day, pain in (
        Entry.objects.filter(runner_id__in=runner_ids, day__gte=earliest)
        .order_by()
        .values_list("runner_id", "day", "pain")
    ):  # query 2
        pain_by_runner[runner_id][day] = pain

    distance: dict[int, int] = defaultdict(int)
    for runner_id, day, metres in (
        TrainingSession.objects.filter(runner_id__in=runner_ids, day__gte=earliest_monday, session_type__in=RUN_TYPES)
        .order_by()
        .values_list("runner_id", "day", "distance_m")
    ):  # query 3
        today = today_of[runner_id]
        if week_start(today) <= day <= today:
            distance[runner_id] += metres

    kind_labels = dict(FlagKind.choices)
    open_flags: dict[int, list[tuple]] = defaultdict(list)
    for runner_id, pk, opened_at, kind, severity in (
        Flag.objects.filter(runner_id__in=runner_ids, status=FlagStatus.OPEN)
        .order_by()
        .values_list("runner_id", "pk", "opened_at", "kind", "severity")
    ):  # query 4
        open_flags[runner_id].append((SEVERITY_RANK.get(severity, 9), -opened_at.timestamp(), -pk, kind, severity))

    rows = []
    for link in links:
        # most severe first, then the newest
        runner_flags = [
            (kind, kind_labels.get(kind, kind), severity) for *_, kind, severity in sorted(open_flags[link.runner_id])
        ]
        if filters.kind and not any(f[0] == filters.kind for f in runner_flags):
            continue
        if filters.severity and not any(f[2] == filters.severity for f in runner_flags):
            continue
        rows.append(
            calc.CaseloadRow(
                link_id=str(link.public_id),
                name=link.runner.name,
                email=link.runner.email,
                last_entry=link.last_day,
                current_pain=link.last_pain,
                series=calc.pain_series(pain_by_runner[link.runner_id], today_of[link.runner_id]),
                week_distance_m=distance[link.runner_id],
                flags=runner_flags,
                runner_id=link.runner_id,
            )
        )
    return calc.order(rows)


def pending_invitations(*, physio: User) -> QuerySet[Invitation]:
    """Invitations to an address this physio has verified now (one they removed, or never proved, shows none)."""
    return Invitation.objects.filter(
        physio=physio, email__in=access.verified_addresses(physio), status=InvitationStatus.PENDING
    ).select_related("runner")


def live_codes(*, physio: User) -> QuerySet[LinkCode]:
    return LinkCode.objects.filter(physio=physio, used_at__isnull=True, expires_at__gt=timezone.now())


def invitations_shown(*, physio: User) -> list[Invitation]:
    """The pending invitations as the caseload lists them: who asked, when, and the id to answer with."""
    return list(
        pending_invitations(physio=physio).only("public_id", "created_at", "runner__display_name", "runner__email")
    )


def codes_shown(*, physio: User) -> list[tuple[str, dt.datetime]]:
    """The unused link codes as the caseload lists them: (code, valid until), newest first."""
    return list(live_codes(physio=physio).values_list("code", "expires_at"))


def invitation_for_physio(*, physio: User, public_id) -> Invitation | None:
    try:
        return pending_invitations(physio=physio).get(public_id=public_id)
    except (Invitation.DoesNotExist, ValueError, TypeError):
        return None


def invitation_for_runner(*, runner: User, public_id) -> Invitation | None:
    try:
        return Invitation.objects.get(runner=runner, public_id=public_id, status=InvitationStatus.PENDING)
    except (Invitation.DoesNotExist, ValueError, TypeError):
        return None


# --- a client's page ----------------------------------------------------------------------------------
def saved_checks(*, runner: User) -> list[SavedCheck]:
    """The runner's saved "should I run?" results, newest first: the day, the verdict and the likely cause."""
    return list(SavedCheck.objects.filter(runner=runner).only("day", "verdict", "likely_cause")[:SAVED_CHECKS_SHOWN])


def client_flags(*, runner: User) -> list[Flag]:
    """Open and acknowledged flags (most severe first, then the newest, whatever their state), then the latest
    RESOLVED_FLAGS_SHOWN resolved ones (the latest resolved first).

    One query: the live flags and, by a subquery, the latest resolved ones, with only the names of who
    acknowledged and resolved them. (A window function ranking the resolved flags cost more to compile,
    about 6 ms of Python, than the query takes to run; two queries with every column of both people cost
    twice this one.)
    """
    latest_resolved = (
        Flag.objects.filter(runner=runner, status=FlagStatus.RESOLVED)
        .order_by(F("resolved_at").desc(), F("pk").desc())
        .values("pk")[:RESOLVED_FLAGS_SHOWN]
    )
    flags = list(
        Flag.objects.filter(Q(runner=runner), ~Q(status=FlagStatus.RESOLVED) | Q(pk__in=Subquery(latest_resolved)))
        .select_related("acknowledged_by", "resolved_by")
        .only(*_FLAG_FIELDS, *_FLAG_PEOPLE)
        .order_by()
    )
    live = [f for f in flags if f.status != FlagStatus.RESOLVED]
    # Most severe first, then the newest: acknowledging a flag leaves it where it was.
    live.sort(key=lambda f: (SEVERITY_RANK.get(f.severity, 9), -f.opened_at.timestamp(), -f.pk))
    resolved = [f for f in flags if f.status == FlagStatus.RESOLVED]
    resolved.sort(key=lambda f: (f.resolved_at is None, -f.resolved_at.timestamp() if f.resolved_at else 0, -f.pk))
    return live + resolved


def client_flag(*, link: CareLink, flag_id: int) -> Flag | None:
    """A flag of this link's runner, or None (someone else's flag id finds nothing)."""
    return Flag.objects.filter(pk=flag_id, runner_id=link.runner_id).first()


def clinical_notes(*, runner: User) -> list[ClinicalNote]:
    """The latest notes about the runner, newest first, with their author's name only."""
    return list(
        ClinicalNote.objects.filter(runner=runner)
        .select_related("author")
        .only("body", "created_at", "author__display_name", "author__email")[:NOTES_SHOWN]
    )


def notes_in_period(*, runner: User, start: dt.date, end: dt.date) -> list[ClinicalNote]:
    """The runner's clinical notes written from ``start`` to ``end`` (the runner's local days), oldest first."""
    zone = runner.zone
    return list(
        ClinicalNote.objects.filter(
            runner=runner,
            created_at__gte=dt.datetime.combine(start, dt.time.min, tzinfo=zone),
            created_at__lt=dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=zone),
        )
        .select_related("author")
        .order_by("created_at", "id")
    )


def conversation(*, runner: User, physio: User) -> list[Message]:
    """The last messages between this runner and this physio, oldest first. Each was written by one of the
    two (``services.message_send``), so each message's sender is set from them rather than read again."""
    latest = list(
        Message.objects.filter(runner=runner, physio=physio)
        .only("body", "created_at", "sender", "physio")
        .order_by("-created_at", "-id")[:MESSAGES_SHOWN]
    )
    people = {runner.pk: runner, physio.pk: physio}
    for message in latest:
        if message.sender_id in people:
            message.sender = people[message.sender_id]
    return latest[::-1]


# --- the runner's side -----------------------------------------------------------------------------------
def unanswered_physio_message(*, runner: User, threads: list[Thread] | None = None) -> Message | None:
    """The newest message of the runner's conversations in the last MESSAGE_NOTICE_DAYS days, when a physio
    wrote it (the runner has not written since). One query; none with ``threads`` (``runner_threads``'
    result, which the dashboard has fetched anyway): then only the conversations with physios who have
    access now count, the ones whose "Read and reply" the dashboard can show."""
    since = timezone.now() - dt.timedelta(days=MESSAGE_NOTICE_DAYS)
    if threads is not None:
        newest = max(
            (t.messages[-1] for t in threads if t.messages and t.link.status == LinkStatus.ACTIVE),
            key=lambda m: (m.created_at, m.pk),
            default=None,
        )
        newest = newest if newest is not None and newest.created_at >= since else None
    else:
        newest = (
            Message.objects.filter(runner=runner, created_at__gte=since)
            .select_related("sender")
            .order_by("-created_at", "-id")
            .first()
        )
    return newest if newest is not None and newest.sender_id != runner.pk else None


def care_team(*, runner: User) -> dict:
    """Who has access (and since when), open invitations, past links and the audit list."""
    links = list(
        CareLink.objects.filter(runner=runner).select_related("physio").order_by("-accepted_at", "-created_at")
    )
    return {
        "active_links": [link for link in links if link.status == LinkStatus.ACTIVE],
        "past_links": [link for link in links if link.status == LinkStatus.REVOKED],
        "invitations": list(Invitation.objects.filter(runner=runner, status=InvitationStatus.PENDING)),
        # Caseload views are summed per physio, so they cannot push the journal opens and downloads off the list.
        "audit_events": list(
            AuditEvent.objects.filter(runner=runner).exclude(action=AuditAction.CASELOAD)[:AUDIT_SHOWN]
        ),
        "caseload_views": list(
            AuditEvent.objects.filter(runner=runner, action=AuditAction.CASELOAD)
            .values("actor_email")
            .annotate(last=Max("at"), times=Count("id"))
            .order_by("-last")
        ),
    }


@dataclass
class Thread:
    link: CareLink
    messages: list[Message]

    @property
    def read_only(self) -> bool:
        """The physio's access has ended: the runner can still read what was said, not write."""
        return self.link.status != LinkStatus.ACTIVE


def _thread_links(links: list[CareLink]) -> list[CareLink]:
    """One link per physio: the active one, else the one that ended last."""
    chosen: dict[int, CareLink] = {}
    for link in links:
        current = chosen.get(link.physio_id)
        if current is None or _thread_rank(link) > _thread_rank(current):
            chosen[link.physio_id] = link
    return sorted(chosen.values(), key=_thread_rank, reverse=True)


def _thread_rank(link: CareLink) -> tuple[bool, dt.datetime]:
    return (link.status == LinkStatus.ACTIVE, link.ended_at or link.accepted_at or link.created_at)


def runner_threads(*, runner: User, include_ended: bool = False) -> list[Thread]:
    """The runner's conversations with each physio who has access now (two queries; one when none has);
    with ``include_ended``, also those with physios whose access the runner stopped, read-only. Each
    message knows its sender (the thread's physio, or the runner) without a query of its own."""
    links = CareLink.objects.filter(runner_id=runner.pk).select_related("physio")
    links = _thread_links(
        list(
            links.filter(status__in=[LinkStatus.ACTIVE, LinkStatus.REVOKED])
            if include_ended
            else links.filter(status=LinkStatus.ACTIVE)
        )
    )
    if not links:
        return []
    by_physio: dict[int, list[Message]] = defaultdict(list)
    for message in _latest_messages(runner, [link.physio_id for link in links]):
        by_physio[message.physio_id].append(message)
    threads = []
    for link in links:
        messages = by_physio[link.physio_id][::-1]
        if link.status != LinkStatus.ACTIVE and not messages:
            continue  # an ended, silent link has nothing to show
        for message in messages:
            if message.sender_id == link.physio_id:
                message.sender = link.physio
            elif message.sender_id == runner.pk:
                message.sender = runner
        threads.append(Thread(link=link, messages=messages))
    return threads


def _latest_messages(runner: User, physio_ids: list[int]) -> QuerySet[Message]:
    """The last THREAD_MESSAGES_SHOWN messages with each of these physios, newest first: never the whole history.
    One physio (the usual case) is a plain LIMIT; several are ranked per physio."""
    newest_first = [F("created_at").desc(), F("id").desc()]
    messages = Message.objects.filter(runner_id=runner.pk, physio_id__in=physio_ids).order_by(*newest_first)
    if len(physio_ids) == 1:
        return messages[:THREAD_MESSAGES_SHOWN]
    ranked = messages.annotate(rank=Window(RowNumber(), partition_by=[F("physio_id")], order_by=newest_first))
    return ranked.filter(rank__lte=THREAD_MESSAGES_SHOWN)


def former_physio_messages(*, runner: User) -> list[Message]:
    """The runner's conversation with physios who have since deleted their account (read only)."""
    return list(Message.objects.filter(runner=runner, physio__isnull=True).order_by("-created_at", "-id")[:20])[::-1]
