"""Benchmark of the red-flag scan: N runners x 365 days, scanned through the worker's batch function."""

from __future__ import annotations

import datetime as dt
import os
import random
import resource
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test.utils import override_settings
from django.utils import timezone

from accounts.models import Role, User
from journal.models import Entry, SessionType, TrainingSession
from monitoring import scan
from monitoring.models import CheckIn, Flag
from triage.codes import Symptom

DOMAIN = "bench.backtrack.local"
DAYS = 365
SEED_CHUNK = 100  # runners per bulk insert round: keeps the seeding process small too
ZONES = ["Europe/London", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "Pacific/Auckland"]
RUNS = [SessionType.EASY, SessionType.EASY, SessionType.LONG, SessionType.TEMPO, SessionType.INTERVALS]
RARE_SYMPTOMS = [Symptom.LEG_PAIN, Symptom.NIGHT_PAIN, Symptom.NOT_SETTLING, Symptom.LEG_NEURO]


def bench_email(n: int) -> str:
    return f"runner{n:06d}@{DOMAIN}"


def peak_rss_mb() -> float:
    """This process's peak resident memory in MB.

    ``getrusage`` reports KiB on Linux, but it also counts what a parent held before it started this
    process, so where the kernel offers it the peak of this process image (VmHWM) is used instead.
    """
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _insert(model, columns: list[str], rows: list[tuple]) -> None:
    """Bulk rows through Django's connection: ``COPY ... FROM STDIN`` on PostgreSQL, ``executemany`` INSERTs elsewhere.

    Both skip model instances. On PostgreSQL ``executemany`` costs a round trip per row (about 75 s per
    1,000 runners x 365 days), ``COPY`` streams them in one statement.
    """
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    cols = ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        sql = f"INSERT INTO {table} ({cols}) VALUES ({', '.join(['%s'] * len(columns))})"  # noqa: S608 - names from the models
        cursor.executemany(sql, rows)


def _vacuum_analyze() -> None:
    """PostgreSQL only: fresh statistics and visibility for the seeded tables, so the timed scan neither
    pays for the first read of just-copied rows (hint bits) nor runs beside autovacuum doing the same."""
    if connection.vendor != "postgresql":
        return
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in (User, Entry, TrainingSession):
            cursor.execute(f"VACUUM (ANALYZE) {quote(model._meta.db_table)}")


class Command(BaseCommand):
    help = (
        "Seeds N benchmark runners with 365 days of entries and sessions each (once; reused on later runs) "
        "in the current database, then times the red-flag scan in a fresh process through the same batch "
        "function the Celery worker runs, and prints runners/s, total time and peak RSS."
    )

    def add_arguments(self, parser):
        parser.add_argument("--runners", type=int, default=1000)
        parser.add_argument("--batch-size", type=int, default=None, help="runners per batch (default: setting)")
        parser.add_argument("--scan-only", action="store_true", help="(internal) time the scan in this process")

    def handle(self, *args, **options):
        n = options["runners"]
        batch = options["batch_size"] or settings.MONITORING_BATCH_SIZE
        if options["scan_only"]:
            self.scan(n, batch)
            return
        started = time.perf_counter()
        created = self.seed(n)
        seeded = time.perf_counter() - started
        method = "COPY" if connection.vendor == "postgresql" else "executemany INSERT"
        self.stdout.write(f"Seeded {created} new runner(s) ({n} wanted, {DAYS} days each) in {seeded:.1f} s ({method})")
        if created:
            started = time.perf_counter()
            _vacuum_analyze()
            if connection.vendor == "postgresql":
                self.stdout.write(f"VACUUM (ANALYZE) of the seeded tables in {time.perf_counter() - started:.1f} s")
        # A fresh process, so peak RSS is the scan's and not the seeding's.
        cmd = [
            sys.executable,
            "manage.py",
            "bench_scan",
            "--runners",
            str(n),
            "--batch-size",
            str(batch),
            "--scan-only",
        ]
        subprocess.run(cmd, check=True, cwd=settings.BASE_DIR)

    # --- seeding ---------------------------------------------------------------------------------
    def seed(self, n: int) -> int:
        existing = set(User.objects.filter(email__endswith=f"@{DOMAIN}").values_list("email", flat=True))
        missing = [i for i in range(n) if bench_email(i) not in existing]
        for start in range(0, len(missing), SEED_CHUNK):
            with transaction.atomic():
                self.seed_chunk(missing[start : start + SEED_CHUNK])
        return len(missing)

    def seed_chunk(self, numbers: list[int]) -> None:
        users = User.objects.bulk_create(
            [
                User(
                    email=bench_email(i),
                    password="!",  # noqa: S106 - unusable: benchmark accounts cannot log in
                    role=Role.RUNNER,
                    time_zone=ZONES[i % len(ZONES)],
                    display_name=f"Bench runner {i}",
                )
                for i in numbers
            ]
        )
        if users[0].pk is None:  # databases that do not return ids from bulk inserts
            users = list(User.objects.filter(email__in=[bench_email(i) for i in numbers]))
        today = timezone.now().date()
        now = timezone.now()
        entries: list[tuple] = []
        sessions: list[tuple] = []
        for user in users:
            rng = random.Random(user.email)
            pain = rng.randint(0, 3)
            base_km = rng.uniform(5, 10)
            for d in range(DAYS, 0, -1):
                day = today - dt.timedelta(days=d)
                step = rng.random()
                pain += (step > 0.9) - (step < 0.1) + (pain < 1 and step < 0.3) - (pain > 4 and step > 0.6)
                pain = min(10, max(0, pain))
                symptoms = f'["{RARE_SYMPTOMS[d % len(RARE_SYMPTOMS)]}"]' if step < 0.001 else "[]"
                stride = not (pain >= 5 and step < 0.5)  # a sore back sometimes stops the normal stride
                spasm = pain >= 6 and step < 0.2
                entries.append((user.pk, day, pain, "centre", stride, spasm, symptoms, step > 0.995, "", now, now))
                if day.weekday() in (1, 3, 5, 6):
                    long = day.weekday() == 6
                    km = base_km * (1.6 if long else 1.0) * (0.9 + step * 0.15)
                    kind = SessionType.LONG if long else RUNS[d % len(RUNS)]
                    after = min(10, pain + (step > 0.5))
                    sessions.append(
                        (user.pk, day, kind, int(km * 1000), int(km * 330), 3 + d % 5, after, "", "manual", now, now)
                    )
        _insert(
            Entry,
            [
                "runner_id",
                "day",
                "pain",
                "pain_side",
                "normal_stride",
                "spasm",
                "symptoms",
                "sleep_disturbed",
                "notes",
                "created_at",
                "updated_at",
            ],
            entries,
        )
        _insert(
            TrainingSession,
            ["runner_id", "day", "session_type", "distance_m", "duration_s", "rpe", "pain_after", "notes", "source",
             "created_at", "updated_at"],
            sessions,
        )  # fmt: skip

    # --- the timed scan ----------------------------------------------------------------------------
    def scan(self, n: int, batch: int) -> None:
        ids = list(User.objects.filter(email__endswith=f"@{DOMAIN}").order_by("id").values_list("id", flat=True)[:n])
        # Start from no flags or check-ins, so every run measures the same work (the first scan is the heaviest).
        Flag.objects.filter(runner__email__endswith=f"@{DOMAIN}").delete()
        CheckIn.objects.filter(runner__email__endswith=f"@{DOMAIN}").delete()
        rss_before = peak_rss_mb()
        # Emails are rendered but not delivered, so the figures include the notification work.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            scans = [
                ("first scan (opens flags)", None),
                ("second scan (re-evaluates every open flag; nothing new)", None),
                ("next day's scan (re-evaluates: figures change, some flags close)", dt.timedelta(days=1)),
            ]
            for label, later in scans:
                from django.core import mail

                mail.outbox = []
                now = timezone.now() + later if later else None
                started = time.perf_counter()
                cpu_started = time.process_time()
                totals = scan.ScanResult()
                for start in range(0, len(ids), batch):
                    totals.add(scan.scan_batch(runner_ids=ids[start : start + batch], now=now))
                    mail.outbox = []  # the locmem outbox must not grow over the run
                elapsed = time.perf_counter() - started
                cpu = time.process_time() - cpu_started
                load = os.getloadavg()[0]
                self.stdout.write(
                    f"{label}: {len(ids)} runners in {elapsed:.1f} s = {len(ids) / elapsed:,.0f} runners/s "
                    f"(this process's CPU {cpu:.1f} s; load average {load:.1f} on {os.cpu_count()} cores); "
                    f"{totals.opened} flag(s) opened, {totals.updated} updated, {totals.closed} closed; "
                    f"batch {batch}; peak RSS {peak_rss_mb():.0f} MB (after start-up {rss_before:.0f} MB); "
                    f"database {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}"
                )
