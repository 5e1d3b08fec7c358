"""Times the physio caseload page with 200 clients: `python manage.py bench_caseload`.

Seeds a throwaway physio with N clients (14 days of entries, runs this week, flags on every fifth),
renders the page through the whole middleware stack, prints median and p95, then removes everything
it created (the seed runs inside a transaction that is rolled back).
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
from journal.models import Entry, TrainingSession
from journal.monitoring.models import Flag


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Seeds N clients for a throwaway physio, times the caseload page and prints median/p95 (then rolls back)."

    def add_arguments(self, parser):
        parser.add_argument("--clients", type=int, default=200)
        parser.add_argument("--runs", type=int, default=30)

    def handle(self, *args, clients: int, runs: int, **options):
        try:
            with transaction.atomic():
                self._bench(clients, runs)
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

    def _bench(self, count: int, runs: int) -> None:
        physio = self._seed(count)
        host = (settings.ALLOWED_HOSTS or ["localhost"])[0].lstrip(".").replace("*", "localhost")
        client = Client(HTTP_HOST=host, secure=True)
        client.force_login(physio)
        url = reverse("clinic:caseload")
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
            f"caseload, {count} clients, {runs} runs ({connection.vendor}): "
            f"median {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms, {len(queries)} queries, "
            f"{len(response.content) // 1024} KiB"
        )
