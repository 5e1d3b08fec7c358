"""Time the triage engine, the JSON API and the result page in-process; print median and p95.

    python manage.py bench_triage [--runs 2000]

Runs against the configured database (migrate first). The API's rate limit is lifted for the run,
but the rate-limit counter is still written to the cache on every request, as in production.
"""

from __future__ import annotations

import itertools
import json
import os
import statistics
import time
from urllib.parse import urlencode

from django.conf import settings
from django.core.management.base import BaseCommand
from django.test import Client, override_settings

from core.ratelimit import limit_hit
from triage.advice import advice_for
from triage.codes import Symptom
from triage.engine import Answers, answers_as_json, assess

SAMPLES = [
    Answers(pain_now=3, normal_stride=True, spasm=False, pain_side="left", symptoms=frozenset(), pars_defect=False),
    Answers(
        pain_now=6,
        normal_stride=False,
        spasm=True,
        pain_side="both",
        symptoms=frozenset(),
        pars_defect=False,
        age=48,
        sex="male",
        load_changes=frozenset({"further"}),
    ),
    Answers(
        pain_now=5,
        normal_stride=True,
        spasm=False,
        pain_side="centre",
        symptoms=frozenset({"night_pain"}),
        pars_defect=False,
    ),
    Answers(
        pain_now=8,
        normal_stride=False,
        spasm=True,
        pain_side="both",
        symptoms=frozenset({"both_legs"}),
        pars_defect=True,
    ),
    Answers(
        pain_now=4,
        normal_stride=True,
        spasm=False,
        pain_side="left",
        symptoms=frozenset({"fever", "leg_pain"}),
        pars_defect=False,
        age=52,
    ),
    Answers(pain_now=0, normal_stride=True, spasm=False, pain_side="none", symptoms=frozenset(), pars_defect=False),
]


def _body(a: Answers) -> dict:
    return {**answers_as_json(a), "country": "GB"}


def _query(a: Answers) -> str:
    pairs = [
        ("pain_now", a.pain_now),
        ("normal_stride", "yes" if a.normal_stride else "no"),
        ("spasm", "yes" if a.spasm else "no"),
        ("pain_side", a.pain_side),
        ("pars_defect", "yes" if a.pars_defect else "no"),
        *[(code, "yes" if code in a.symptoms else "no") for code in Symptom.values],
    ]
    return urlencode(pairs)


def _timed(fn, runs: int) -> list[float]:
    cycle = itertools.cycle(range(len(SAMPLES)))
    for _ in range(min(50, runs)):  # warm up caches and connections
        fn(next(cycle))
    times = []
    for _ in range(runs):
        i = next(cycle)
        start = time.perf_counter()
        fn(i)
        times.append((time.perf_counter() - start) * 1000)
    return times


def _summary(name: str, times: list[float]) -> str:
    p95 = statistics.quantiles(times, n=20)[-1]
    return f"{name:<28} runs={len(times):<6} median={statistics.median(times):.3f} ms  p95={p95:.3f} ms"


class Command(BaseCommand):
    help = "Benchmark the triage engine, JSON API and result page (median and p95, milliseconds)."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=2000)

    def handle(self, *args, runs: int, **options):
        bodies = [json.dumps(_body(a)) for a in SAMPLES]
        queries = [_query(a) for a in SAMPLES]
        client = Client(REMOTE_ADDR="192.0.2.1")  # a documentation address: never counts against a real client

        def api(i: int) -> None:
            response = client.post("/api/triage/", bodies[i], content_type="application/json")
            assert response.status_code == 200, response.content

        def page(i: int) -> None:
            response = client.get(f"/triage/result/?{queries[i]}")
            assert response.status_code == 200

        engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
        cache = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
        self.stdout.write(f"database: {engine}, cache: {cache}, load average: {os.getloadavg()[0]:.2f}")
        self.stdout.write(_summary("engine assess()", _timed(lambda i: assess(SAMPLES[i]), runs * 10)))
        assessments = [assess(a) for a in SAMPLES]
        self.stdout.write(_summary("advice_for() (in memory)", _timed(lambda i: advice_for(assessments[i]), runs)))
        self.stdout.write(
            _summary(
                "rate-limit counter (cache)",
                _timed(lambda i: limit_hit(scope="bench", client="bench", per_minute=10**9), runs),
            )
        )
        hosts = [*settings.ALLOWED_HOSTS, "testserver"]
        with override_settings(TRIAGE_API_RATE_PER_MINUTE=10**9, ALLOWED_HOSTS=hosts):
            self.stdout.write(_summary("POST /api/triage/", _timed(api, runs)))
            self.stdout.write(_summary("GET /triage/result/", _timed(page, runs // 2)))
