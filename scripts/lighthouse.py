"""Lighthouse mobile run on the pages a runner meets first; prints the figures and fails on a missed target.

    python scripts/lighthouse.py [--runs 3]      (run by `make lighthouse`, which installs Lighthouse first)

Starts a production-like server on this machine: a throwaway SQLite database with the demo accounts and
their data (seed_demo), a private Redis, static files collected with hashed, compressed names (WhiteNoise),
DEBUG off, gunicorn on 127.0.0.1. Then Lighthouse 12 (tools/lighthouse, pinned in its package-lock.json)
drives Debian's Chromium headless (CHROME_PATH, default /usr/bin/chromium) with its default mobile settings: a
simulated mid-range phone on slow 4G. Signed-in pages get the demo runner's session cookie through
Lighthouse's --extra-headers. Each page is measured --runs times and its median figures are kept (Lighthouse's
own advice: one run varies, the more so on a shared machine). Per page it prints the performance and
accessibility scores, Largest Contentful Paint and Total Blocking Time (median, with the range), and exits 1
if a page's median misses a target (TARGETS below).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.localredis import LocalRedis, free_port  # noqa: E402
from scripts.prodenv import gunicorn_command, production_env  # noqa: E402

LIGHTHOUSE = ROOT / "tools" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
DEMO_RUNNER = "runner@demo.backtrack.local"  # accounts/demo.py
# (name, path, signed in): the check's first step, its result for a calm runner, the dashboard and the journal.
PAGES = [
    ("check, first step", "/triage/", False),
    ("check, calm result", "/triage/result/?{calm}", False),
    ("dashboard", "/journal/", True),
    ("journal", "/journal/entries/", True),
]
CALM_ANSWERS = "pain_now=2&normal_stride=yes&spasm=no&pain_side=left&pars_defect=no&age=41"
TARGETS = {"performance": 95, "accessibility": 100, "lcp_ms": 2000, "tbt_ms": 100}  # issue 22 §5
SESSION_SCRIPT = f"""
from django.test import Client
from accounts.models import User
client = Client()
client.force_login(User.objects.get(email="{DEMO_RUNNER}"))
print(client.cookies["sessionid"].value)
"""
SIGNS_SCRIPT = """
from triage.codes import Symptom
print("&".join(f"{code}=no" for code in Symptom.values))
"""


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return done.stdout


def wait_up(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if requests.get(url + "/healthz", timeout=2).status_code < 500:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise SystemExit(f"the server at {url} did not start within {seconds} s")


def chromium() -> str:
    path = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
    if not Path(path).exists():
        raise SystemExit(f"no Chromium at {path} (make browser installs Debian's; or set CHROME_PATH)")
    return path


def lighthouse(url: str, out: Path, headers: dict[str, str] | None) -> dict:
    flags = "--headless=new --disable-gpu --disable-dev-shm-usage"
    if os.geteuid() == 0:
        flags += " --no-sandbox"  # Chromium refuses to start its sandbox as root
    command = [
        str(LIGHTHOUSE),
        url,
        "--only-categories=performance,accessibility",
        "--output=json",
        f"--output-path={out}",
        f"--chrome-flags={flags}",
        "--quiet",
    ]  # no --preset/--form-factor: Lighthouse's default is the mobile phone with simulated slow 4G
    if headers:
        command.append(f"--extra-headers={json.dumps(headers)}")
    subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": chromium()}, timeout=300)
    return json.loads(out.read_text())


def figures(report: dict) -> dict:
    audits = report["audits"]
    return {
        "performance": round(100 * report["categories"]["performance"]["score"]),
        "accessibility": round(100 * report["categories"]["accessibility"]["score"]),
        "lcp_ms": round(audits["largest-contentful-paint"]["numericValue"]),
        "tbt_ms": round(audits["total-blocking-time"]["numericValue"]),
        "failed_accessibility": [
            key
            for ref in report["categories"]["accessibility"]["auditRefs"]
            if (score := audits[(key := ref["id"])].get("score")) is not None and score < 1 and ref["weight"] > 0
        ],
    }


def median(runs: list[dict]) -> dict:
    """Each figure's median over the runs, and its range for the table."""
    row = {
        key: statistics.median_low([run[key] for run in runs])
        for key in ("performance", "accessibility", "lcp_ms", "tbt_ms")
    }
    row["range"] = {key: (min(run[key] for run in runs), max(run[key] for run in runs)) for key in row}
    row["failed_accessibility"] = sorted({key for run in runs for key in run["failed_accessibility"]})
    return row


def missed(row: dict) -> list[str]:
    misses = []
    if row["performance"] < TARGETS["performance"]:
        misses.append(f"performance {row['performance']} < {TARGETS['performance']}")
    if row["accessibility"] < TARGETS["accessibility"]:
        misses.append(f"accessibility {row['accessibility']} ({', '.join(row['failed_accessibility'])})")
    if row["lcp_ms"] >= TARGETS["lcp_ms"]:
        misses.append(f"LCP {row['lcp_ms']} ms >= {TARGETS['lcp_ms']} ms")
    if row["tbt_ms"] >= TARGETS["tbt_ms"]:
        misses.append(f"TBT {row['tbt_ms']} ms >= {TARGETS['tbt_ms']} ms")
    return misses


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="runs per page; the median counts (default 3)")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is not installed: run `make lighthouse` (npm ci in tools/lighthouse)")
    out_dir = Path(tempfile.mkdtemp(prefix="backtrack-lighthouse-"))
    with LocalRedis() as redis_server:
        env = production_env(
            f"sqlite:///{out_dir / 'db.sqlite3'}",
            redis_server.url,
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        )
        print("setting up: migrate, collectstatic, seed_demo ...", flush=True)
        manage(env, "migrate", "--noinput")
        manage(env, "createcachetable")
        manage(env, "collectstatic", "--noinput")
        manage(env, "seed_demo")
        session = manage(env, "shell", "--no-imports", "-c", SESSION_SCRIPT).strip()
        calm = CALM_ANSWERS + "&" + manage(env, "shell", "--no-imports", "-c", SIGNS_SCRIPT).strip()
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            gunicorn_command(port, 2),
            cwd=ROOT,
            env=env,
        )
        rows = []
        try:
            wait_up(url)
            for name, path, signed_in in PAGES:
                headers = {"Cookie": f"sessionid={session}"} if signed_in else None
                page = url + path.format(calm=calm)
                if requests.get(page, headers=headers, timeout=10, allow_redirects=False).status_code != 200:
                    raise SystemExit(f"{name}: {path} does not answer 200")
                runs = [figures(lighthouse(page, out_dir / f"{len(rows)}-{n}.json", headers)) for n in range(args.runs)]
                rows.append({"page": name, **median(runs)})
                print(f"  {name}: {args.runs} runs done", flush=True)
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(f"\nMedian of {args.runs} runs a page (range in brackets):")
    print("\n| page | performance | accessibility | LCP | TBT |\n|---|---|---|---|---|")
    for row in rows:
        span = row["range"]
        print(
            f"| {row['page']} | {row['performance']} ({span['performance'][0]}–{span['performance'][1]}) | "
            f"{row['accessibility']} | {row['lcp_ms'] / 1000:.2f} s ({span['lcp_ms'][0] / 1000:.2f}–"
            f"{span['lcp_ms'][1] / 1000:.2f}) | {row['tbt_ms']} ms ({span['tbt_ms'][0]}–{span['tbt_ms'][1]}) |"
        )
    print(
        f"\nTargets: performance >= {TARGETS['performance']}, accessibility {TARGETS['accessibility']}, "
        f"LCP < {TARGETS['lcp_ms'] / 1000:.0f} s, TBT < {TARGETS['tbt_ms']} ms. Reports: {out_dir}"
    )
    failures = [f"{row['page']}: {miss}" for row in rows for miss in missed(row)]
    for failure in failures:
        print(f"MISSED {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
