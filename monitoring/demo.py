"""Demo data for monitoring: scan every runner now, so the demo dashboard shows any flag its journal warrants.

Runs after the journal's demo seeder. Idempotent: a second run opens nothing new. Flags opened here are
marked as announced without sending mail (no inbox floods on `make run`).
"""

from __future__ import annotations

from .scan import scan_all


def seed(out) -> None:
    result = scan_all(notify=False)
    out.write(f"  monitoring: scanned {result.runners} runner(s), opened {result.opened} flag(s)")
