"""Seeds the accounts and data the load test logs in as (never run this on a real installation)."""

from __future__ import annotations

import datetime as dt
import random

from allauth.account.models import EmailAddress
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from accounts.models import CareLink, LinkStatus, Role, User
from journal.models import Entry, SessionType, TrainingSession
from journal.versions import journal_version_bump

PASSWORD = "loadtest-password-123"  # noqa: S105 - a throwaway load-test database only


class Command(BaseCommand):
    help = "Creates load-test runners (runnerN@load.test) with 120 days of data, and physios linked to them."

    def add_arguments(self, parser):
        parser.add_argument("--runners", type=int, default=40)
        parser.add_argument("--physios", type=int, default=4)
        parser.add_argument("--days", type=int, default=120)

    @transaction.atomic
    def handle(self, *args, runners: int, physios: int, days: int, **options):
        rng = random.Random(7)
        today = timezone.localdate()
        physio_users = [self._user(f"physio{j}@load.test", Role.PHYSIO) for j in range(physios)]
        for i in range(runners):
            runner = self._user(f"runner{i}@load.test", Role.RUNNER)
            Entry.objects.filter(runner=runner).delete()
            TrainingSession.objects.filter(runner=runner).delete()
            days_list = [today - dt.timedelta(days=d) for d in range(days, 0, -1)]
            Entry.objects.bulk_create(
                Entry(runner=runner, day=day, pain=rng.randint(0, 6), pain_side=rng.choice(["left", "both", ""]))
                for day in days_list
            )
            TrainingSession.objects.bulk_create(
                TrainingSession(
                    runner=runner,
                    day=day,
                    session_type=SessionType.EASY,
                    rpe=rng.randint(3, 7),
                    distance_m=rng.randint(4000, 16000),
                    duration_s=rng.randint(1500, 5400),
                )
                for day in days_list[::2]
            )
            journal_version_bump(runner.pk)  # bulk_create sends no model signal
            physio = physio_users[i % physios]
            CareLink.objects.get_or_create(
                runner=runner, physio=physio, status=LinkStatus.ACTIVE, defaults={"accepted_at": timezone.now()}
            )
        self.stdout.write(f"seeded {runners} runners x {days} days and {physios} linked physios (password {PASSWORD})")

    def _user(self, email: str, role: str) -> User:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email,
                PASSWORD,
                role=role,
                display_name=email.split("@")[0].title(),
                physio_verified_at=timezone.now() if role == Role.PHYSIO else None,
            )
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        return user
