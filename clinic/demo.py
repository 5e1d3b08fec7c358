"""Demo data for the physio workspace: the demo physio, verified, with a small caseload to look at.

Each client's flags come from their journal: the demo writes the entries (pain, and the symptoms a
runner would tick) and then runs the real monitoring scan over them, so every flag carries the
evidence that opened it (no hand-made flags). Idempotent: clients are found by email, entries are only
added when a client has none, and a second scan opens nothing new.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from accounts.models import CareLink, LinkStatus, LinkVia, Role, User
from clinic.models import Message
from journal.models import Entry, SessionType, TrainingSession
from monitoring.scan import scan_batch
from triage.codes import Symptom

DEMO_PHYSIO = "physio@demo.backtrack.local"
DEMO_RUNNER = "runner@demo.backtrack.local"

# (email, name, pain for the last 21 days oldest first, {days before today: symptoms ticked that day})
DEMO_CLIENTS = [
    (
        "uma.urgent@demo.backtrack.local",
        "Uma Urgent",
        [2, 2, 3, 2, 3, 3, 3, 3, 4, 4, 5, 4, 5, 5, 6, 6, 6, 7, 7, 7, 8],
        # Pain spreading down her left leg on the last two days ("Leg symptoms logged", a review), and a fever
        # today: the scan opens the urgent "Signs of a possible serious cause".
        {1: [Symptom.LEG_PAIN], 0: [Symptom.LEG_PAIN, Symptom.FEVER]},
    ),
    (
        "ivan.improving@demo.backtrack.local",
        "Ivan Improving",
        [7, 7, 6, 7, 6, 6, 5, 6, 5, 5, 4, 5, 4, 4, 3, 3, 3, 2, 3, 2, 2],
        {},
    ),
    (
        "quinn.quiet@demo.backtrack.local",
        "Quinn Quiet",
        [1, None, None, 1, None, None, 0, None, 1, None, None, None, 1, None, None, 0, None, None, 1, None, None],
        {},
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


def _journal(runner: User, pains: list[int | None], symptoms: dict[int, list[str]]) -> None:
    if Entry.objects.filter(runner=runner).exists():
        return
    today = runner.local_today()
    start = today - dt.timedelta(days=len(pains) - 1)
    for i, pain in enumerate(pains):
        day = start + dt.timedelta(days=i)
        if pain is None:
            continue
        Entry.objects.create(
            runner=runner,
            day=day,
            pain=pain,
            pain_side="left" if pain > 4 else "",
            symptoms=[str(code) for code in symptoms.get((today - day).days, [])],
        )
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

    clients = []
    for email, name, pains, symptoms in DEMO_CLIENTS:
        client = _client(email, name)
        _link(client, physio)
        _journal(client, pains, symptoms)
        clients.append(client.pk)
    # The real rules over the journals just written: each flag opens with the evidence behind it.
    # notify=False: marked as announced without mail (no inbox floods on `make run`).
    opened = scan_batch(runner_ids=clients, notify=False).opened
    out.write(
        f"  clinic: demo physio verified, {len(DEMO_CLIENTS) + (demo_runner is not None)} clients linked, "
        f"{opened} flag(s) opened by the monitoring rules"
    )
