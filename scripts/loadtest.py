"""Load test of the production stack on this machine; prints per-page latency and throughput.

    python scripts/loadtest.py [--users 20] [--duration 60] [--web-workers 4]

Starts a throwaway PostgreSQL cluster, a private Redis, gunicorn (several workers) and a Celery
worker, seeds load-test accounts, then runs locust headless twice:
1. the realistic mix (loadtest/locustfile.py: runners, visitors without an account and physios) for
   --duration seconds, reporting requests, errors, median, p95 and p99 per page against the targets (no
   errors, p95 < 150 ms, p99 < 400 ms). Each form POST is timed on its own and the page it redirects to is
   loaded as its own request. Signing in (rows named "setup: ...") happens once per simulated user while
   users are being spawned; it is reported, must have no errors, but is not held to the page targets
   (Argon2 is slow on purpose);
2. capacity: each page alone, and a trivial Django view, under the same number of users with no
   think time, so each page's throughput reads as a fraction of what the stack can do at all. Targets:
   every page at least 25% of the trivial view's, a visitor's triage form and result at least 50%. Each
   is measured in steady state: all users start at once and sign in, and only the --capacity-seconds
   after a warm-up count; the CPU each request cost in that window is shown by part of the stack (web,
   database, Redis, worker, locust itself), read from the processes' CPU times.
Exits 1 if a target is missed. Everything runs on 127.0.0.1 and stops by itself.
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.localredis import LocalRedis, free_port  # noqa: E402
from scripts.pgcluster import PgCluster  # noqa: E402
from scripts.prodenv import gunicorn_command, production_env  # noqa: E402

LOCUSTFILE = ROOT / "loadtest" / "locustfile.py"
P95_MS, P99_MS = 150, 400  # every page of the mix
CAPACITY_PAGES = [  # (user class, page, least share of the trivial view's throughput)
    ("Runner", "dashboard", 0.25),
    ("Runner", "journal", 0.25),
    ("Runner", "triage form", 0.25),
    ("Runner", "triage result", 0.25),
    ("Visitor", "triage form, visitor", 0.50),
    ("Visitor", "triage result, visitor", 0.50),
    ("Visitor", "triage result, visitor, rendered", 0.25),  # the same, never served from the page cache
    ("Physio", "caseload", 0.25),
    ("Physio", "client page", 0.25),
]
# What any signed-in page costs before it does anything of its own (scripts/loadtest_urls.py): measured
# like the pages and printed beside them, with no target of their own.
REFERENCE_PAGES = [
    ("SignedInReference", "reference signed in"),  # the session, the user, access checked, one line
    ("SignedInReference", "reference empty page"),  # the same in the site's page (base.html), empty
]


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def wait_up(url: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(url + "/healthz", timeout=1).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise SystemExit("the app did not become healthy in 60 s")


ROLES = ("web", "database", "redis", "worker", "load generator")


def cpu_seconds(roots: dict[int, str]) -> dict[int, tuple[str, float]]:
    """CPU time used so far by each process of the stack this script started: pid -> (role, seconds).
    ``roots`` maps each part's first process (gunicorn's master, the postmaster, Redis, Celery, locust) to
    its role; their children count with them. Nothing else on the machine is counted."""
    used: dict[int, tuple[str, float]] = {}
    for pid, role in roots.items():
        try:
            root = psutil.Process(pid)
            family = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            continue
        for proc in family:
            try:
                times = proc.cpu_times()
            except psutil.NoSuchProcess:
                continue
            used[proc.pid] = (role, times.user + times.system)
    return used


def cpu_used(start: dict[int, tuple[str, float]], end: dict[int, tuple[str, float]]) -> dict[str, float]:
    """CPU seconds each role used between two readings: a process started in between counts whole."""
    used = dict.fromkeys(ROLES, 0.0)
    for pid, (role, seconds) in end.items():
        used[role] += seconds - (start[pid][1] if pid in start else 0.0)
    return used


def locust_command(url: str, out: Path, users: int, spawn_rate: int, seconds: float, classes: list[str]) -> list[str]:
    return [
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(LOCUSTFILE),
        "--headless",
        "--only-summary",
        "--host",
        url,
        "-u",
        str(users),
        "-r",
        str(spawn_rate),
        "-t",
        f"{seconds:.0f}s",
        "--csv",
        str(out),
        "--loglevel",
        "ERROR",
        *classes,
    ]


def run_locust(
    url: str, out: Path, users: int, seconds: int, classes: list[str], env: dict[str, str], spawn_rate: int = 2
) -> list[dict]:
    subprocess.run(
        locust_command(url, out, users, spawn_rate, seconds, classes),
        cwd=ROOT,
        env=env,
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    with open(f"{out}_stats.csv", newline="") as fh:
        return [row for row in csv.DictReader(fh) if row["Name"] != "Aggregated"]


WARM_UP_SECONDS = 4  # every user started at once and signed in before the window opens


def run_capacity(
    url: str,
    out: Path,
    users: int,
    seconds: int,
    user_class: str,
    name: str,
    env: dict[str, str],
    stack: dict[int, str],
) -> tuple[float, dict[str, float]]:
    """One page alone with no think time, in steady state: all users start at once, and only the window
    after WARM_UP_SECONDS counts (their sign-ins and Argon2 are over by then). Returns the page's requests
    a second in that window and the CPU milliseconds each request cost, by part of the stack."""
    command = locust_command(url, out, users, users, WARM_UP_SECONDS + seconds + 2, [user_class])
    command.insert(-1, "--csv-full-history")  # a row per page per second: counts inside the window
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        roots = {**stack, proc.pid: "load generator"}
        time.sleep(WARM_UP_SECONDS)
        start, cpu_start = time.time(), cpu_seconds(roots)
        time.sleep(seconds)
        end, cpu_end = time.time(), cpu_seconds(roots)
    finally:
        proc.wait()
    with open(f"{out}_stats_history.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    logins = [(int(r["Timestamp"]), int(r["Total Request Count"])) for r in rows if r["Name"] == "setup: login"]
    if logins and min(ts for ts, count in logins if count == logins[-1][1]) > start:
        raise SystemExit(f"{name}: users were still signing in after the {WARM_UP_SECONDS} s warm-up; raise it")
    history = [(int(r["Timestamp"]), int(r["Total Request Count"])) for r in rows if r["Name"] == name]
    inside = [(ts, count) for ts, count in history if start <= ts <= end]
    if len(inside) < 2 or inside[-1][0] == inside[0][0]:
        return 0.0, {}
    (first_ts, first_count), (last_ts, last_count) = inside[0], inside[-1]
    rate = (last_count - first_count) / (last_ts - first_ts)
    if not rate:
        return 0.0, {}
    used = cpu_used(cpu_start, cpu_end)
    return rate, {role: seconds / (end - start) / rate * 1000 for role, seconds in used.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--capacity-seconds", type=int, default=10)
    parser.add_argument("--web-workers", type=int, default=4)
    args = parser.parse_args()
    out_dir = Path(tempfile.mkdtemp(prefix="backtrack-load-"))
    processes: list[subprocess.Popen] = []
    with PgCluster() as pg, LocalRedis() as redis_server:
        subprocess.run([pg.tool("psql"), pg.url(), "-c", "CREATE DATABASE backtrack"], check=True, capture_output=True)
        # No SMTP server on this machine: mail the scans send goes to memory.
        env = production_env(
            pg.url("backtrack"),
            redis_server.url,
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
            LOGIN_RATE="100000/m/ip",  # every simulated user logs in from 127.0.0.1
            DJANGO_SETTINGS_MODULE="scripts.loadtest_settings",  # the app plus the reference pages
        )
        print("setting up: migrate, collectstatic, seed 40 runners x 120 days and 4 physios ...", flush=True)
        manage(env, "migrate", "--noinput")
        manage(env, "createcachetable")
        manage(env, "collectstatic", "--noinput")
        manage(env, "seed_loadtest")
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        try:
            processes.append(
                subprocess.Popen(
                    gunicorn_command(port, args.web_workers),
                    cwd=ROOT,
                    env=env,
                )
            )
            processes.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "celery",
                        "-A",
                        "config",
                        "worker",
                        "--queues",
                        "celery,imports",
                        "--concurrency",
                        "1",
                        "--loglevel",
                        "WARNING",
                    ],
                    cwd=ROOT,
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
            wait_up(url)
            postmaster = int((pg.data / "postmaster.pid").read_text().split()[0])
            stack = {  # each part's first process; its children count with it (cpu_seconds)
                processes[0].pid: "web",
                processes[1].pid: "worker",
                redis_server.process.pid: "redis",
                postmaster: "database",
            }
            locust_env = {**os.environ, "PYTHONPATH": str(ROOT)}
            print(f"phase 1: realistic mix, {args.users} users for {args.duration} s ...", flush=True)
            mix = run_locust(
                url, out_dir / "mix", args.users, args.duration, ["Runner", "Physio", "Visitor"], locust_env
            )
            print(
                f"phase 2: capacity, {args.users} users with no think time, {args.capacity_seconds} s per page ...",
                flush=True,
            )
            capacity: dict[str, float] = {}
            cpu: dict[str, dict[str, float]] = {}  # page -> role -> CPU ms per request

            def measure(name: str, user_class: str, page_env: dict[str, str]) -> None:
                file = out_dir / name.replace(" ", "_").replace(",", "")
                capacity[name], split = run_capacity(
                    url, file, args.users, args.capacity_seconds, user_class, name, page_env, stack
                )
                if split:
                    cpu[name] = split

            measure("trivial view", "Baseline", locust_env)
            for user_class, name, _share in CAPACITY_PAGES:
                measure(name, user_class, {**locust_env, "LOADTEST_ONLY": name})
            for user_class, name in REFERENCE_PAGES:
                measure(name, user_class, {**locust_env, "LOADTEST_ONLY": name})
        finally:
            for proc in processes:
                proc.terminate()
            for proc in processes:
                proc.wait(timeout=30)

    ok = True
    least = {name: share for _cls, name, share in CAPACITY_PAGES}
    print(
        f"\n## Realistic mix: {args.users} users, {args.duration} s, gunicorn x{args.web_workers}, PostgreSQL, "
        "Redis, Celery worker\n"
    )
    print("| page | requests | errors | median ms | p95 ms | p99 ms | req/s | capacity req/s | of trivial view |")
    print("|---|---|---|---|---|---|---|---|---|")
    for row in sorted(mix, key=lambda r: r["Name"]):
        name, errors = row["Name"], int(row["Failure Count"])
        p95, p99 = float(row["95%"]), float(row["99%"])
        setup = name.startswith("setup:")  # signing in once per simulated user: not part of the mix's targets
        cap = capacity.get(name)
        share = cap / capacity["trivial view"] if cap is not None else None
        met = errors == 0 and (setup or (p95 < P95_MS and p99 < P99_MS))
        met &= share is None or share >= least[name]
        ok &= met
        cap_text = f"{cap:.0f}" if cap is not None else "-"
        frac = f"{share:.0%} (target {least[name]:.0%})" if share is not None else "-"
        print(
            f"| {name} | {row['Request Count']} | {errors} | {float(row['50%']):.0f} | {p95:.0f} | {p99:.0f} | "
            f"{float(row['Requests/s']):.1f} | {cap_text} | {frac} |{'' if met else ' MISSED'}"
        )
    missing = set(least) - {row["Name"] for row in mix}
    for name in sorted(missing):  # a capacity page the mix never reached is a broken test, not a pass
        print(f"| {name} | 0 | - | - | - | - | - | - | - | MISSED (not in the mix)")
    ok &= not missing
    print(f"| trivial view (manifest, no DB) | | | | | | | {capacity['trivial view']:.0f} | 100% |")
    print("\n## Reference: what any signed-in page costs before it does anything of its own (no target)\n")
    print("| page | capacity req/s | of trivial view |")
    print("|---|---|---|")
    for _cls, name in REFERENCE_PAGES:
        cap = capacity.get(name, 0.0)
        print(f"| {name} | {cap:.0f} | {cap / capacity['trivial view']:.0%} |")
    roles = list(ROLES)
    print("\n## Where the CPU went in the capacity runs (ms of CPU per request, all processes)\n")
    print(f"| page | {' | '.join(roles)} | total |")
    print(f"|---|{'---|' * (len(roles) + 1)}")
    for name, split in cpu.items():
        print(f"| {name} | {' | '.join(f'{split[r]:.1f}' for r in roles)} | {sum(split.values()):.1f} |")
    print(
        f"\ntargets (no errors; p95 < {P95_MS} ms and p99 < {P99_MS} ms on every page; capacity as shown): "
        f"{'met' if ok else 'MISSED'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
