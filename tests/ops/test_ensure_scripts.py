"""The set-up checks `make run` and `make test` start with answer the same way every time.

`scripts/ensure-pdf-libs` used to pipe `ldconfig -p` into `grep -q` under `pipefail`: grep stops at
the first match, ldconfig dies of SIGPIPE and the check failed at random with 141.
"""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LIBS = ("libpango-1.0.so.0", "libpangoft2-1.0.so.0", "libharfbuzz-subset.so.0")


def _run(script: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", str(ROOT / "scripts" / script)],
        capture_output=True,
        text=True,
        timeout=30,
        env=env,
        check=False,
    )


@pytest.mark.parametrize("script", ["ensure-pdf-libs", "ensure-chromium"])
def test_the_check_passes_every_time_when_everything_is_installed(script):
    env = {**os.environ, "SKIP_BROWSER": "0"}
    if script == "ensure-chromium" and not os.access(
        env.get("CHROMIUM_PATH", "/usr/bin/chromium-headless-shell"), os.X_OK
    ):
        env["CHROMIUM_PATH"] = "/bin/sh"  # any executable: the check only asks that the binary is there
    codes = [_run(script, env).returncode for _ in range(40)]
    assert codes == [0] * 40


def test_the_pdf_check_survives_a_cache_whose_reader_stops_early(tmp_path):
    """A large ldconfig cache with the libraries near its start: `grep -q` quits at once, which killed
    the writer of the old pipe with SIGPIPE (exit 141 under pipefail, every time with this much output)."""
    cache = tmp_path / "cache.txt"
    lines = [f"\t{lib} (libc6,x86-64) => /usr/lib/x86_64-linux-gnu/{lib}" for lib in LIBS]
    lines += [f"\tlibfiller{i}.so.0 (libc6,x86-64) => /usr/lib/libfiller{i}.so.0" for i in range(60_000)]
    cache.write_text("\n".join(lines) + "\n")
    fake = tmp_path / "bin" / "ldconfig"
    fake.parent.mkdir()
    fake.write_text(f'#!/bin/sh\nexec cat "{cache}"\n')
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    env = {**os.environ, "PATH": f"{fake.parent}:{os.environ['PATH']}"}
    codes = [_run("ensure-pdf-libs", env).returncode for _ in range(10)]
    assert codes == [0] * 10
