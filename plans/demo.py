"""Demo data for plans: the demo runner is part-way through a plan their physio started.

Idempotent: nothing is added when the demo runner has a plan already (ended or not).
"""

from __future__ import annotations

import datetime as dt

from accounts.models import User
from plans.models import Plan, StageTemplate
from plans.services import plan_start

DEMO_RUNNER = "runner@demo.backtrack.local"
DEMO_PHYSIO = "physio@demo.backtrack.local"
DEMO_STAGE = 7  # continuous easy runs of 20 minutes: the demo journal's last weeks are easy runs


def seed(out) -> None:
    runner = User.objects.filter(email=DEMO_RUNNER).first()
    if runner is None or not StageTemplate.objects.filter(number=DEMO_STAGE).exists():
        out.write("  plans: no demo runner or no stages; skipped")
        return
    if Plan.objects.filter(runner=runner).exists():
        return
    physio = User.objects.filter(email=DEMO_PHYSIO).first()
    since = runner.local_today() - dt.timedelta(days=10)
    plan_start(runner=runner, actor=physio or runner, stage=DEMO_STAGE, since=since)
    out.write(f"  plans: {DEMO_RUNNER} is on stage {DEMO_STAGE}, counting from {since}")
