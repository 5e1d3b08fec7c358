"""The production recipe (docs/deploy.md, deploy/) is complete and rehearsed on this machine."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys

import pytest

from monitoring.thresholds import Thresholds, env_name
from tests.utils import ROOT


def settings_read_from_the_environment() -> set[str]:
    source = (ROOT / "config" / "settings.py").read_text()
    named = set(re.findall(r'env_[a-z]+\(\s*"([A-Z][A-Z0-9_]+)"', source))
    # Monitoring's thresholds are read as MONITORING_<NAME>, one per field (monitoring/thresholds.py).
    return named | {env_name(f.name) for f in dataclasses.fields(Thresholds)}


def test_the_env_example_lists_every_setting_the_app_reads():
    example = (ROOT / "deploy" / "backtrack.env.example").read_text()
    listed = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", example, re.MULTILINE))
    assert settings_read_from_the_environment() - listed == set()
    assert listed - settings_read_from_the_environment() == set()


def test_every_file_the_deploy_doc_names_exists():
    doc = (ROOT / "docs" / "deploy.md").read_text()
    named = {p.rstrip(".") for p in re.findall(r"(?<![\w/.])((?:deploy|scripts|docs|tests)/[\w./@-]*)", doc)}
    assert {"deploy/nginx/backtrack.conf", "scripts/rehearse_deploy.py", "scripts/backup_restore_check.py"} <= named
    assert sorted(p for p in named if not (ROOT / p).exists()) == []


def test_beat_sends_a_heartbeat_as_it_starts(monkeypatch):
    """/healthz shows a worker seconds after a deploy, not one heartbeat interval later (the rehearsal waits
    for it through the real beat and worker)."""
    from celery.signals import beat_init

    from config.celery import app

    sent = []
    monkeypatch.setattr(app, "send_task", lambda name, *args, **kwargs: sent.append(name))
    beat_init.send(sender=None)
    assert sent == [app.conf.beat_schedule["heartbeat"]["task"]]


@pytest.mark.integration
def test_the_recipe_rehearsed_nginx_gunicorn_postgres_redis_two_workers_one_beat():
    result = subprocess.run(
        [sys.executable, "scripts/rehearse_deploy.py"], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "all checks passed" in result.stdout
    for check in ("HTTP redirects to HTTPS", "a worker heartbeat", "header Permissions-Policy", "two workers"):
        assert f"ok   {check}" in result.stdout or any(
            line.startswith("ok") and check in line for line in result.stdout.splitlines()
        )
