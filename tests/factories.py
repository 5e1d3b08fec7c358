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


# --- personas (after healthchecks' Alice, Bob and Charlie) and the world the access matrix asks about -------
PERSONAS = {
    "runner": lambda: RunnerFactory(email="robin@example.com", display_name="Robin Runner"),
    "other_runner": lambda: RunnerFactory(email="olive@example.com", display_name="Olive Other"),
    "physio": lambda: PhysioFactory(email="pat@example.com", display_name="Pat Physio"),
    "unlinked_physio": lambda: PhysioFactory(email="una@example.com", display_name="Una Unlinked"),
    "unverified_physio": lambda: PhysioFactory(
        email="val@example.com", display_name="Val Unverified", physio_verified_at=None
    ),
    "admin_user": lambda: AdminFactory(email="ada@example.com", display_name="Ada Admin"),
}


def world_build(*, runner, other_runner, physio, unlinked_physio, unverified_physio, admin_user) -> dict:
    """One runner's data in every kind of object a URL can name, and who is who (the access matrix's eight
    roles): the linked physio, a physio whose link was revoked, the other runner and the rest."""
    from accounts.audit import audit_record
    from accounts.models import AuditAction, LinkStatus
    from clinic import services
    from clinic.models import Invitation
    from journal.models import ImportJob
    from monitoring.models import CheckIn
    from plans import services as plan_services

    revoked_physio = PhysioFactory(email="rex@example.com", display_name="Rex Revoked")
    link = CareLinkFactory(runner=runner, physio=physio)
    revoked = CareLinkFactory(runner=runner, physio=revoked_physio, status=LinkStatus.REVOKED)
    entry = EntryFactory(runner=runner, pain=5, notes="robin's private note")
    session = TrainingSessionFactory(runner=runner)
    flag = FlagFactory(runner=runner)
    review_flag = FlagFactory(runner=runner, kind="night_pain", severity="review")
    checkin = CheckIn.objects.create(runner=runner, session=session, run_day=session.day, due_at=timezone.now())
    invitation = Invitation.objects.create(runner=runner, email=physio.email, physio=physio)
    code = services.link_code_create(physio=physio)
    event = audit_record(actor=physio, runner=runner, action=AuditAction.VIEW)
    import_job = ImportJob.objects.create(runner=runner, kind=ImportJob.Kind.CSV)
    plan = plan_services.plan_start(runner=runner, actor=runner, likely_cause="stiff_hip")
    return {
        "users": {
            "anonymous": None,
            "runner": runner,
            "other_runner": other_runner,
            "linked_physio": physio,
            "unlinked_physio": unlinked_physio,
            "unverified_physio": unverified_physio,
            "revoked_physio": revoked_physio,
            "admin": admin_user,
        },
        "link": link,
        "revoked": revoked,
        "flag": flag,
        "review_flag": review_flag,
        "checkin": checkin,
        "invitation": invitation,
        "code": code,
        "event": event,
        "entry": entry,
        "session": session,
        "import_job": import_job,
        "prescription": plan.prescriptions.first(),
    }
