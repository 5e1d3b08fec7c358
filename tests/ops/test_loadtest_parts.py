"""Pieces of `make loadtest` that can break without the whole run: the capacity filter and the CPU split."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from scripts.loadtest import CAPACITY_PAGES, REFERENCE_PAGES, cpu_used
from tests.factories import PhysioFactory, RunnerFactory

ROOT = Path(__file__).resolve().parents[2]


def test_each_capacity_page_keeps_exactly_its_own_task():
    # In one subprocess (importing locust patches the standard library with gevent), the locustfile is
    # loaded afresh for each page with LOADTEST_ONLY set, as each capacity run loads it.
    pages = [(cls, name) for cls, name, _share in CAPACITY_PAGES] + REFERENCE_PAGES
    code = (
        "import json, os, sys; sys.path.insert(0, '.'); import importlib.util as u\n"
        "kept = {}\n"
        f"for cls, name in {pages!r}:\n"
        "    os.environ['LOADTEST_ONLY'] = name\n"
        "    s = u.spec_from_file_location('lf', 'loadtest/locustfile.py'); m = u.module_from_spec(s)\n"
        "    s.loader.exec_module(m)\n"
        "    kept[name] = sorted({t.__name__ for t in getattr(m, cls).tasks})\n"
        "print(json.dumps(kept))"
    )
    env = {k: v for k, v in os.environ.items() if k != "LOADTEST_ONLY"}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    kept = json.loads(result.stdout.strip().splitlines()[-1])
    assert {name: [task.replace("_", " ") for task in tasks] for name, tasks in kept.items()} == {
        name: [name.replace(",", "")] for _cls, name in pages
    }


def test_the_cpu_split_counts_a_new_process_whole_and_never_goes_negative():
    start = {1: ("web", 10.0), 2: ("database", 5.0), 3: ("database", 7.0)}
    end = {1: ("web", 12.5), 2: ("database", 5.5), 4: ("database", 0.25), 9: ("load generator", 1.0)}
    used = cpu_used(start, end)  # pid 3 closed in between; pid 4 started
    assert used == {"web": 2.5, "database": 0.75, "redis": 0.0, "worker": 0.0, "load generator": 1.0}


@pytest.mark.django_db
@pytest.mark.urls("scripts.loadtest_urls")
def test_the_reference_pages_answer_a_signed_in_runner_and_nobody_else(client):
    for url in ("/loadtest/signed-in/", "/loadtest/empty-page/"):
        assert client.get(url).status_code == 302  # to the login page
    runner = RunnerFactory()
    client.force_login(runner)
    bare = client.get("/loadtest/signed-in/")
    assert bare.status_code == 200
    assert f"account {runner.pk}".encode() in bare.content
    page = client.get("/loadtest/empty-page/")
    assert page.status_code == 200
    assert b'id="main-nav"' in page.content
    assert b"A page with nothing of its own." in page.content
    assert page["Cache-Control"] == "no-store, private"
    client.force_login(PhysioFactory())
    assert client.get("/loadtest/empty-page/").status_code == 404


@pytest.mark.django_db
def test_the_app_itself_serves_no_reference_page(client):
    assert client.get("/loadtest/signed-in/").status_code == 404
