"""Rehearses docs/deploy.md on this machine, from the files in deploy/ themselves.

Starts a throwaway PostgreSQL and Redis, runs the upgrade steps (migrate, collectstatic), then the
commands of the systemd units: gunicorn (backtrack-web.service), two Celery workers
(backtrack-worker@1 and @2), the import worker (backtrack-importer.service) and one beat, and nginx with deploy/nginx/backtrack.conf in front (TLS
with a self-signed certificate; only the lines marked "rehearsal:" are changed: ports, name, paths).
The environment comes from deploy/backtrack.env.example, with local addresses and a fresh secret.

Then it checks, through the proxy: HTTP redirects to HTTPS, /healthz is ok with a worker heartbeat,
the security headers are there, static files are served, both workers and the import worker answer a ping. Everything
is stopped at the end. nginx is installed by scripts/ensure-nginx when missing.

    python scripts/rehearse_deploy.py     prints each check; exits 0 only when all pass
"""

from __future__ import annotations

import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402
import urllib3  # noqa: E402

from scripts.localredis import LocalRedis, free_port  # noqa: E402
from scripts.pgcluster import PgCluster  # noqa: E402

DEPLOY = ROOT / "deploy"
VENV_BIN = Path(sys.executable).parent
HEADERS = {
    "Strict-Transport-Security": "max-age=",
    "Content-Security-Policy": "default-src",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "",
    "Permissions-Policy": "camera=()",
    "X-Frame-Options": "DENY",
}


def env_example() -> dict[str, str]:
    """The uncommented KEY=value lines of deploy/backtrack.env.example."""
    values = {}
    for line in (DEPLOY / "backtrack.env.example").read_text().splitlines():
        match = re.match(r"^([A-Z][A-Z0-9_]+)=(.*)$", line)
        if match:
            values[match.group(1)] = match.group(2)
    return values


def exec_start(unit: str, instance: str = "") -> list[str]:
    """The ExecStart command of a unit in deploy/systemd, with this checkout's virtualenv."""
    text = (DEPLOY / "systemd" / unit).read_text()
    line = next(line for line in text.splitlines() if line.startswith("ExecStart="))
    command = line.removeprefix("ExecStart=").replace("%i", instance).replace("%%", "%")
    return [part.replace("/srv/backtrack/.venv/bin/", f"{VENV_BIN}/") for part in shlex.split(command)]


def nginx_site(*, http: int, https: int, web: int, cert: Path, key: Path) -> str:
    """deploy/nginx/backtrack.conf with the lines marked 'rehearsal:' pointed at this machine."""
    out = []
    for line in (DEPLOY / "nginx" / "backtrack.conf").read_text().splitlines():
        if "# rehearsal: gunicorn port" in line:
            line = re.sub(r"127\.0\.0\.1:\d+", f"127.0.0.1:{web}", line)
        elif "# rehearsal: http port" in line:
            line = re.sub(r"listen \d+", f"listen 127.0.0.1:{http}", line)
        elif "# rehearsal: https port" in line:
            line = re.sub(r"listen \d+", f"listen 127.0.0.1:{https}", line)
        elif "# rehearsal: server name" in line:
            line = re.sub(r"server_name \S+;", "server_name localhost;", line)
        elif "# rehearsal: certificate" in line:
            line = re.sub(r"ssl_certificate \S+;", f"ssl_certificate {cert};", line)
        elif "# rehearsal: key" in line:
            line = re.sub(r"ssl_certificate_key \S+;", f"ssl_certificate_key {key};", line)
        out.append(line)
    return "\n".join(out) + "\n"


class Rehearsal:
    def __init__(self) -> None:
        self.tmp = Path(tempfile.mkdtemp(prefix="backtrack-rehearsal-"))
        self.tmp.chmod(0o755)
        self.processes: list[tuple[str, subprocess.Popen]] = []
        self.results: list[tuple[str, bool, str]] = []
        self.pg: PgCluster | None = None
        self.redis: LocalRedis | None = None
        self.nginx_conf: Path | None = None

    # --- the stack --------------------------------------------------------------------------------
    def start(self) -> None:
        subprocess.run(["bash", str(ROOT / "scripts" / "ensure-nginx")], check=True)
        self.nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        self.pg = PgCluster().init().start()
        subprocess.run(
            [self.pg.tool("psql"), self.pg.url(), "-c", "CREATE DATABASE backtrack"], check=True, capture_output=True
        )
        self.redis = LocalRedis().start()
        self.web_port, self.http_port, self.https_port = free_port(), free_port(), free_port()
        base = self.redis.url.rsplit("/", 1)[0]
        self.env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
        self.env.update(env_example())
        self.env.update(
            SECRET_KEY=secrets.token_urlsafe(50),
            ALLOWED_HOSTS="localhost",
            CSRF_TRUSTED_ORIGINS=f"https://localhost:{self.https_port}",
            SITE_URL=f"https://localhost:{self.https_port}",
            DATABASE_URL=self.pg.url("backtrack"),
            REDIS_URL=f"{base}/0",
            CACHE_URL=f"{base}/1",
            EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend",
            CELERY_BEAT_SCHEDULE_FILENAME=str(self.tmp / "celerybeat-schedule"),
            LOG_LEVEL="WARNING",
        )
        # The upgrade steps of docs/deploy.md: migrate, then collect static files, then (re)start.
        for step in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
            subprocess.run(
                [sys.executable, "manage.py", *step], cwd=ROOT, env=self.env, check=True, capture_output=True
            )
        web = exec_start("backtrack-web.service")
        web = [f"127.0.0.1:{self.web_port}" if part == "127.0.0.1:8000" else part for part in web]
        web = [("2" if prev == "--workers" else part) for prev, part in zip(["", *web[:-1]], web, strict=True)]
        self.spawn("web", web)
        self.spawn("worker1", exec_start("backtrack-worker@.service", "1"))
        self.spawn("worker2", exec_start("backtrack-worker@.service", "2"))
        self.spawn("importer", exec_start("backtrack-importer.service"))
        self.spawn("beat", exec_start("backtrack-beat.service"))
        self.start_nginx()

    def spawn(self, name: str, args: list[str]) -> None:
        log = open(self.tmp / f"{name}.log", "w")  # noqa: SIM115 - closed with the process
        self.processes.append((name, subprocess.Popen(args, cwd=ROOT, env=self.env, stdout=log, stderr=log)))

    def start_nginx(self) -> None:
        cert, key = self.tmp / "cert.pem", self.tmp / "key.pem"
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost"]
            + ["-keyout", str(key), "-out", str(cert)],
            check=True,
            capture_output=True,
        )
        site = self.tmp / "backtrack.conf"
        site.write_text(nginx_site(http=self.http_port, https=self.https_port, web=self.web_port, cert=cert, key=key))
        temp = self.tmp / "nginx-temp"
        temp.mkdir()
        temp.chmod(0o777)
        self.nginx_conf = self.tmp / "nginx.conf"
        self.nginx_conf.write_text(
            f"worker_processes 1;\npid {self.tmp}/nginx.pid;\nerror_log {self.tmp}/nginx-error.log;\n"
            "events { worker_connections 256; }\n"
            "http {\n"
            f"  access_log {self.tmp}/nginx-access.log;\n"
            + "".join(
                f"  {kind}_temp_path {temp}/{kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
            )
            + f"  include {site};\n}}\n"
        )
        subprocess.run([self.nginx, "-t", "-c", str(self.nginx_conf)], check=True, capture_output=True)
        self.spawn("nginx", [self.nginx, "-c", str(self.nginx_conf), "-g", "daemon off;"])

    def stop(self) -> None:
        for _name, process in reversed(self.processes):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for _name, process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if self.redis:
            self.redis.stop()
        if self.pg:
            self.pg.destroy()
        shutil.rmtree(self.tmp, ignore_errors=True)

    # --- the checks -------------------------------------------------------------------------------
    def check(self, name: str, ok: bool, detail: str = "") -> None:
        self.results.append((name, ok, detail))
        print(f"{'ok  ' if ok else 'FAIL'} {name}{': ' + detail if detail else ''}", flush=True)

    def https(self, path: str, **kwargs) -> requests.Response:
        return requests.get(f"https://localhost:{self.https_port}{path}", verify=False, timeout=10, **kwargs)  # noqa: S501 - self-signed rehearsal certificate

    def wait_up(self, timeout: float = 60) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for name, process in self.processes:
                if process.poll() is not None:
                    raise RuntimeError(f"{name} exited with {process.returncode}; see its log")
            try:
                if self.https("/healthz").status_code in (200, 503):
                    return True
            except requests.RequestException:
                pass
            time.sleep(0.5)
        return False

    def run_checks(self) -> None:
        self.check("the stack answers through nginx", self.wait_up())
        plain = requests.get(f"http://localhost:{self.http_port}/healthz", allow_redirects=False, timeout=10)
        self.check(
            "HTTP redirects to HTTPS",
            plain.status_code == 301 and plain.headers.get("Location", "").startswith("https://"),
            f"{plain.status_code} {plain.headers.get('Location', '')}",
        )
        # Beat sends a heartbeat as it starts (config/celery.py), a worker records it.
        deadline = time.monotonic() + 120
        body: dict = {}
        while time.monotonic() < deadline:
            body = self.https("/healthz").json()
            if body.get("status") == "ok" and body.get("worker_last_seen"):
                break
            time.sleep(0.5)
        self.check(
            "/healthz: database, Redis and a worker heartbeat (beat -> worker)",
            body.get("status") == "ok" and bool(body.get("worker_last_seen")),
            str(body),
        )
        page = self.https("/triage/")
        for header, expected in HEADERS.items():
            value = page.headers.get(header, "")
            self.check(f"header {header}", bool(value) and expected in value, value[:80])
        login = self.https("/accounts/login/")
        cache = login.headers.get("Cache-Control", "")
        self.check(
            "Cache-Control no-store, private on private pages", "no-store" in cache and "private" in cache, cache
        )
        css = re.search(r'href="(/static/[^"]+\.css)"', page.text)
        static = self.https(css.group(1)) if css else None
        self.check(
            "static files served (hashed names, long cache)",
            static is not None and static.status_code == 200 and "max-age" in static.headers.get("Cache-Control", ""),
            css.group(1) if css else "no stylesheet link found",
        )
        # Named, the ping returns as soon as the three answer (unnamed, it waits out the whole timeout).
        names = [f"{name}@{socket.gethostname()}" for name in ("worker1", "worker2", "importer")]
        ping = subprocess.run(
            [str(VENV_BIN / "celery"), "-A", "config", "inspect", "ping", "--timeout", "10"]
            + ["--destination", ",".join(names)],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
        )
        self.check(
            "two workers and the import worker answer a ping",
            "worker1@" in ping.stdout and "worker2@" in ping.stdout and "importer@" in ping.stdout,
            " ".join(re.findall(r"(?:worker\d|importer)@\S+", ping.stdout)),
        )

    def run(self) -> int:
        urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
        try:
            self.start()
            self.run_checks()
        except Exception as exc:  # report, then show the logs that explain it
            self.check("rehearsal ran to the end", False, repr(exc))
            for log in sorted(self.tmp.glob("*.log")):
                print(f"--- {log.name}\n{log.read_text()[-3000:]}", file=sys.stderr)
        finally:
            self.stop()
        failed = [name for name, ok, _ in self.results if not ok]
        print("all checks passed" if not failed else f"{len(failed)} check(s) failed: {', '.join(failed)}")
        return 0 if not failed else 1


if __name__ == "__main__":
    sys.exit(Rehearsal().run())
