"""python manage.py bench_plans: the dashboard's render time and query count with a plan under way,
for bench_journal's runner (1,100 entries, 800 sessions), against the same runner without a plan."""

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
from journal.management.commands.bench_journal import BENCH_EMAIL, seed_runner
from plans.services import plan_start


class Command(BaseCommand):
    help = "Times the dashboard without and with a plan under way (bench_journal's runner and data)."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=30)

    def _time(self, client, label: str, url: str, runs: int) -> None:
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
        self.stdout.write(f"{label:34} {statistics.median(timings):10.1f} {p95:8.1f} {len(ctx.captured_queries):8d}")

    def handle(self, *args, runs: int, **options):
        runner = seed_runner()
        client = Client(SERVER_NAME="localhost")
        client.force_login(runner)
        url = reverse("journal:dashboard")
        self.stdout.write(f"{'page':34} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
        try:
            self._time(client, "dashboard, no plan", url, runs)
            plan_start(runner=runner, actor=runner, stage=5, since=runner.local_today() - dt.timedelta(days=60))
            self._time(client, "dashboard, plan under way", url, runs)
            self._time(client, "dashboard (52 weeks), plan under way", url + "?weeks=52", runs)
        finally:
            User.objects.filter(email=BENCH_EMAIL).delete()
