import io

from django.core.management import call_command

from accounts.models import CareLink, User
from monitoring.models import Flag
from tests.utils import sees_client


def test_the_demo_links_a_verified_physio_to_a_varied_caseload_and_is_idempotent(db):
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    flags_after_first_run = Flag.objects.count()
    call_command("seed_demo", stdout=out)
    physio = User.objects.get(email="physio@demo.backtrack.local")
    runner = User.objects.get(email="runner@demo.backtrack.local")
    assert physio.is_verified_physio
    assert sees_client(physio, runner)
    assert CareLink.objects.filter(physio=physio, status="active").count() == 4
    uma = User.objects.get(email="uma.urgent@demo.backtrack.local")
    assert Flag.objects.filter(runner=uma, severity="urgent", status="open").count() == 1
    # The monitoring scan runs last and may add flags of its own; a second run adds nothing.
    assert Flag.objects.count() == flags_after_first_run >= 2
    assert uma.entries.count() == 21
    assert User.objects.get(email="quinn.quiet@demo.backtrack.local").entries.count() == 7
