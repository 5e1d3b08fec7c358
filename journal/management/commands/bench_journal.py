"""python manage.py bench_journal: render times and query counts of the journal pages for a runner
with three years of data (1,100 entries, 800 sessions)."""

from __future__ import annotations

import datetime as dt
import statistics
import time

from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from journal.models import Entry, SessionType, TrainingSession

BENCH_EMAIL = "bench-journal@backtrack.local"
TYPES = [SessionType.EASY, SessionType.LONG, SessionType.TEMPO, SessionType.RUN_WALK, SessionType.WALK]


def seed_runner(entries: int = 1100, sessions: int = 800) -> User:
    User.objects.filter(email=BENCH_EMAIL).delete()
    runner = User.objects.create_user(BENCH_EMAIL, None, display_name="Bench Runner")
    today = runner.local_today()
    Entry.objects.bulk_create(
        [
            Entry(runner=runner, day=today - dt.timedelta(days=n), pain=(n * 7) % 11, pain_side="left")
            for n in range(entries)
        ],
        batch_size=500,
    )
    step = entries / sessions
    TrainingSession.objects.bulk_create(
        [
            TrainingSession(
                runner=runner,
                day=today - dt.timedelta(days=int(n * step)),
                session_type=TYPES[n % len(TYPES)],
                distance_m=4000 + (n * 373) % 12000,
                duration_s=1500 + (n * 97) % 4000,
                rpe=2 + n % 7,
            )
            for n in range(sessions)
        ],
        batch_size=500,
    )
    return runner


class Command(BaseCommand):
    help = "Seeds a runner with 1,100 entries and 800 sessions and prints render times and query counts."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=30)
        parser.add_argument("--keep", action="store_true", help="keep the bench runner afterwards")

    def handle(self, *args, runs: int, keep: bool, **options):
        runner = seed_runner()
        client = Client(SERVER_NAME="localhost")
        client.force_login(runner)
        pages = [
            ("dashboard (12 weeks)", reverse("journal:dashboard")),
            ("dashboard (52 weeks)", reverse("journal:dashboard") + "?weeks=52"),
            ("journal page 1", reverse("journal:entries")),
            ("journal page 20", reverse("journal:entries") + "?page=20"),
        ]
        self.stdout.write(
            f"Runner with {runner.entries.count()} entries and {runner.training_sessions.count()} sessions"
        )
        self.stdout.write(f"{'page':24} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
        for label, url in pages:
            client.get(url, secure=True)  # warm-up
            timings = []
            for _ in range(runs):
                start = time.perf_counter()
                response = client.get(url, secure=True)
                timings.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, response.status_code
            with CaptureQueriesContext(connection) as ctx:
                client.get(url, secure=True)
            p95 = statistics.quantiles(timings, n=20)[-1] if len(timings) >= 2 else timings[0]
            self.stdout.write(
                f"{label:24} {statistics.median(timings):10.1f} {p95:8.1f} {len(ctx.captured_queries):8d}"
            )
        if not keep:
            User.objects.filter(email=BENCH_EMAIL).delete()
