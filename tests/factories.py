from __future__ import annotations

import datetime as dt

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.models import Role, User
from journal.models import Entry, SessionType, TrainingSession

TEST_PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    display_name = factory.Faker("name")
    role = Role.RUNNER
    time_zone = "Europe/London"

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or TEST_PASSWORD)
        if create:
            self.save(update_fields=["password"])

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class RunnerFactory(UserFactory):
    role = Role.RUNNER


class PhysioFactory(UserFactory):
    role = Role.PHYSIO
    physio_verified_at = factory.LazyFunction(timezone.now)


class AdminFactory(UserFactory):
    is_staff = True
    is_superuser = True


class EntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Entry

    runner = factory.SubFactory(RunnerFactory)
    day = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=1))
    pain = 3
    pain_side = "left"


class TrainingSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingSession

    runner = factory.SubFactory(RunnerFactory)
    day = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=1))
    session_type = SessionType.EASY
    distance_m = 8000
    duration_s = 45 * 60
    rpe = 4


# --- physio workspace (clinic) ------------------------------------------------------------
class CareLinkFactory(factory.django.DjangoModelFactory):
    """An ACTIVE link by default (the runner consented, the physio accepted)."""

    class Meta:
        model = "accounts.CareLink"

    runner = factory.SubFactory(RunnerFactory)
    physio = factory.SubFactory(PhysioFactory)
    status = "active"
    accepted_at = factory.LazyFunction(timezone.now)


class FlagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "monitoring.Flag"

    runner = factory.SubFactory(RunnerFactory)
    kind = "leg_symptoms"
    severity = "urgent"
    status = "open"
    evidence = factory.LazyFunction(dict)
