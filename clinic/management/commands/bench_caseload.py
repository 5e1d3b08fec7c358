"""Times the physio caseload page with 200 clients: `python manage.py bench_caseload`.

Seeds a throwaway physio with N clients (14 days of entries, runs this week, flags on every fifth),
renders the page through the whole middleware stack, prints median and p95, then removes everything
it created (the seed runs inside a transaction that is rolled back). With `--client-page` it times one
client's page instead (`/clinic/clients/<uuid>/`), after giving that client flags in every state, saved
checks, notes and messages.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection, reset_queries, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import CareLink, LinkStatus, Role, User
from clinic.models import ClinicalNote, Message
from journal.models import Entry, SavedCheck, TrainingSession
from monitoring.models import Flag, FlagKind
from triage.codes import Verdict


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Seeds N clients for a throwaway physio, times the caseload page and prints median/p95 (then rolls back)."

    def add_arguments(self, parser):
        parser.add_argument("--clients", type=int, default=200)
        parser.add_argument("--runs", type=int, default=30)
        parser.add_argument("--client-page", action="store_true", help="time one client's page, not the caseload")

    def handle(self, *args, clients: int, runs: int, client_page: bool, **options):
        try:
            with transaction.atomic():
                self._bench(clients, runs, client_page)
                raise Rollback
        except Rollback:
            pass

    def _seed(self, count: int) -> User:
        now = timezone.now()
        physio = User.objects.create_user(
            "bench-physio@bench.invalid", None, role=Role.PHYSIO, display_name="Bench", physio_verified_at=now
        )
        runners = User.objects.bulk_create(
            [
                User(email=f"bench-{i}@bench.invalid", display_name=f"Client {i:03}", role=Role.RUNNER, password="!")  # noqa: S106 - unusable
                for i in range(count)
            ]
        )
        CareLink.objects.bulk_create(
            [CareLink(runner=r, physio=physio, status=LinkStatus.ACTIVE, accepted_at=now) for r in runners]
        )
        today = timezone.localdate()
        Entry.objects.bulk_create(
            [
                Entry(runner=r, day=today - dt.timedelta(days=d), pain=(i + d) % 11)
                for i, r in enumerate(runners)
                for d in range(28)
            ]
        )
        TrainingSession.objects.bulk_create(
            [
                TrainingSession(runner=r, day=today - dt.timedelta(days=d), distance_m=6000 + d * 100, duration_s=2400)
                for r in runners
                for d in range(0, 14, 2)
            ]
        )
        Flag.objects.bulk_create(
            [
                Flag(
                    runner=r,
                    kind="leg_symptoms" if i % 10 == 0 else "night_pain",
                    severity="urgent" if i % 10 == 0 else "review",
                )
                for i, r in enumerate(runners)
                if i % 5 == 0
            ]
        )
        return physio

    def _seed_client(self, physio: User) -> CareLink:
        """The first client gets two open flags, one acknowledged, twelve resolved, checks, notes and messages."""
        link = CareLink.objects.filter(physio=physio).select_related("runner").order_by("id").first()
        runner, now = link.runner, timezone.now()
        Flag.objects.filter(runner=runner).delete()
        kinds = [kind for kind, _ in FlagKind.choices]
        flags = [
            Flag(runner=runner, kind=kinds[0], severity="urgent"),
            Flag(runner=runner, kind=kinds[1], severity="review"),
        ]
        flags.append(
            Flag(
                runner=runner,
                kind=kinds[0],
                severity="review",
                status="acknowledged",
                acknowledged_by=physio,
                acknowledged_at=now,
                acknowledge_note="Seen",
            )
        )
        flags += [
            Flag(
                runner=runner,
                kind=kinds[i % len(kinds)],
                severity="review",
                status="resolved",
                acknowledged_by=physio,
                acknowledged_at=now,
                acknowledge_note="Seen",
                resolved_by=physio,
                resolved_at=now - dt.timedelta(days=i),
                resolve_note="Settled",
            )
            for i in range(12)
        ]
        Flag.objects.bulk_create(flags)
        today = timezone.localdate()
        SavedCheck.objects.bulk_create(
            [
                SavedCheck(runner=runner, day=today - dt.timedelta(days=i), verdict=Verdict.choices[0][0])
                for i in range(5)
            ]
        )
        ClinicalNote.objects.bulk_create(
            [ClinicalNote(runner=runner, author=physio, body=f"Note {i}") for i in range(10)]
        )
        Message.objects.bulk_create(
            [
                Message(runner=runner, physio=physio, sender=physio if i % 2 else runner, body=f"Message {i}")
                for i in range(20)
            ]
        )
        return link

    def _bench(self, count: int, runs: int, client_page: bool = False) -> None:
        physio = self._seed(count)
        host = (settings.ALLOWED_HOSTS or ["localhost"])[0].lstrip(".").replace("*", "localhost")
        client = Client(HTTP_HOST=host, secure=True)
        client.force_login(physio)
        url = reverse("clinic:caseload")
        if client_page:
            url = reverse("clinic:client", args=[self._seed_client(physio).public_id])
        response = client.get(url)  # warm up
        assert response.status_code == 200, response.status_code
        reset_queries()  # the seed filled DEBUG's bounded query log
        with CaptureQueriesContext(connection) as queries:
            measured = client.get(url)
        assert measured.status_code == 200, measured.status_code
        timings = []
        for _ in range(runs):
            start = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        timings.sort()
        p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
        self.stdout.write(
            f"{'client page' if client_page else 'caseload'}, {count} clients, {runs} runs ({connection.vendor}): "
            f"median {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms, {len(queries)} queries, "
            f"{len(response.content) // 1024} KiB"
        )
