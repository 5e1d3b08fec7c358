"""Demo data for the physio workspace: the demo physio, verified, with a small caseload to look at.

Idempotent: clients are found by email, entries and flags are only added when a client has none.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from accounts.models import CareLink, LinkStatus, LinkVia, Role, User
from clinic.models import Message
from journal.models import Entry, SessionType, TrainingSession
from monitoring.models import SEVERITY_OF, Flag, FlagKind, FlagStatus

DEMO_PHYSIO = "physio@demo.backtrack.local"
DEMO_RUNNER = "runner@demo.backtrack.local"

# (email, name, pain for the last 21 days oldest first, open flag kinds)
DEMO_CLIENTS = [
    (
        "uma.urgent@demo.backtrack.local",
        "Uma Urgent",
        [2, 2, 3, 2, 3, 3, 3, 3, 4, 4, 5, 4, 5, 5, 6, 6, 6, 7, 7, 7, 8],
        [FlagKind.SERIOUS_CAUSE_SIGNS, FlagKind.WORSENING_WEEK_ON_WEEK],  # leg symptoms are a review now
    ),
    (
        "ivan.improving@demo.backtrack.local",
        "Ivan Improving",
        [7, 7, 6, 7, 6, 6, 5, 6, 5, 5, 4, 5, 4, 4, 3, 3, 3, 2, 3, 2, 2],
        [],
    ),
    (
        "quinn.quiet@demo.backtrack.local",
        "Quinn Quiet",
        [1, None, None, 1, None, None, 0, None, 1, None, None, None, 1, None, None, 0, None, None, 1, None, None],
        [],
    ),
]


def _client(email: str, name: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, None, display_name=name, role=Role.RUNNER)  # no password: cannot log in
    return user


def _link(runner: User, physio: User) -> None:
    if not CareLink.objects.filter(runner=runner, physio=physio, status=LinkStatus.ACTIVE).exists():
        CareLink.objects.create(
            runner=runner, physio=physio, status=LinkStatus.ACTIVE, via=LinkVia.EMAIL, accepted_at=timezone.now()
        )


def _journal(runner: User, pains: list[int | None]) -> None:
    if Entry.objects.filter(runner=runner).exists():
        return
    today = runner.local_today()
    start = today - dt.timedelta(days=len(pains) - 1)
    for i, pain in enumerate(pains):
        day = start + dt.timedelta(days=i)
        if pain is None:
            continue
        Entry.objects.create(runner=runner, day=day, pain=pain, pain_side="left" if pain > 4 else "")
        if i % 2 == 0:
            TrainingSession.objects.create(
                runner=runner,
                day=day,
                session_type=SessionType.EASY,
                distance_m=max(3000, 9000 - pain * 600),
                duration_s=45 * 60,
                rpe=4,
            )


def seed(out) -> None:
    physio = User.objects.filter(email=DEMO_PHYSIO).first()
    if physio is None:
        out.write("  clinic: no demo physio (run accounts.demo.seed first); skipped")
        return
    if physio.physio_verified_at is None:
        physio.physio_verified_at = timezone.now()
        physio.save(update_fields=["physio_verified_at"])

    demo_runner = User.objects.filter(email=DEMO_RUNNER).first()
    if demo_runner is not None:
        _link(demo_runner, physio)
        if not Message.objects.filter(runner=demo_runner, physio=physio).exists():
            Message.objects.create(
                runner=demo_runner,
                physio=physio,
                sender=physio,
                body="Hi Robin, I have read your journal. Keep your runs easy this week and tell me how the mornings feel.",
            )

    for email, name, pains, flag_kinds in DEMO_CLIENTS:
        client = _client(email, name)
        _link(client, physio)
        _journal(client, pains)
        for kind in flag_kinds:
            if not Flag.objects.filter(runner=client, kind=kind).exists():
                Flag.objects.create(
                    runner=client,
                    kind=kind,
                    severity=SEVERITY_OF[kind],
                    status=FlagStatus.OPEN,
                    evidence={"source": "demo data"},
                )
    out.write(f"  clinic: demo physio verified, {len(DEMO_CLIENTS) + (demo_runner is not None)} clients linked")
