"""`make lighthouse` (issue 22 §5) without running it: the target, the script, the pinned Lighthouse 12, and
the pages and targets the issue names. The calm result's answers really give a calm verdict."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import resolve

from scripts import lighthouse
from scripts.lighthouse import CALM_ANSWERS, PAGES, ROOT, TARGETS
from triage.codes import Symptom


def test_make_lighthouse_installs_the_pinned_package_with_npm_ci_and_runs_the_script():
    makefile = (ROOT / "Makefile").read_text()
    target = re.search(r"^lighthouse:.*\n((?:\t.*\n)+)", makefile, re.M)
    assert target, "no lighthouse target"
    assert "scripts/lighthouse.py" in target.group(1)
    assert "CHROME_PATH" in target.group(1)
    assert "/usr/bin/chromium" in target.group(1)
    assert re.search(r"cd \$\(LIGHTHOUSE_DIR\) && npm ci", makefile)
    assert "LIGHTHOUSE_DIR := tools/lighthouse" in makefile
    assert (ROOT / "scripts" / "lighthouse.py").is_file()


def test_lighthouse_is_pinned_to_one_12_x_version_in_package_and_lock_file():
    package = json.loads((ROOT / "tools" / "lighthouse" / "package.json").read_text())
    lock = json.loads((ROOT / "tools" / "lighthouse" / "package-lock.json").read_text())
    version = package["dependencies"]["lighthouse"]
    assert re.fullmatch(r"12\.\d+\.\d+", version), "an exact 12.x version, no range"
    assert lock["packages"]["node_modules/lighthouse"]["version"] == version
    assert lock["packages"][""]["dependencies"]["lighthouse"] == version


def test_the_pages_and_targets_are_the_issues():
    assert [(name, signed_in) for name, _path, signed_in in PAGES] == [
        ("check, first step", False),
        ("check, calm result", False),
        ("dashboard", True),
        ("journal", True),
    ]
    paths = {name: path.split("?")[0] for name, path, _ in PAGES}
    assert resolve(paths["check, first step"]).view_name == "triage:form"
    assert resolve(paths["check, calm result"]).view_name == "triage:result"
    assert resolve(paths["dashboard"]).view_name == "journal:dashboard"
    assert resolve(paths["journal"]).view_name == "journal:entries"
    assert TARGETS == {"performance": 95, "accessibility": 100, "lcp_ms": 2000, "tbt_ms": 100}


def test_a_page_missing_any_target_fails_the_run():
    good = {"performance": 95, "accessibility": 100, "lcp_ms": 1999, "tbt_ms": 99, "failed_accessibility": []}
    assert lighthouse.missed(good) == []
    for key, bad in (("performance", 94), ("accessibility", 98), ("lcp_ms", 2000), ("tbt_ms", 100)):
        assert len(lighthouse.missed({**good, key: bad})) == 1, key


@pytest.mark.django_db
def test_the_calm_results_answers_give_a_calm_verdict(client):
    query = CALM_ANSWERS + "&" + "&".join(f"{code}=no" for code in Symptom.values)
    response = client.get("/triage/result/?" + query)
    assert response.status_code == 200
    assert re.search(r'data-verdict="(run|easy_run)"', response.content.decode())
