import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import CareLink, User
from plans.models import Plan

pytestmark = pytest.mark.django_db


def test_the_demo_runner_has_a_plan_under_way_that_the_demo_physio_sees(client):
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())  # idempotent: still one plan
    runner = User.objects.get(email="runner@demo.backtrack.local")
    physio = User.objects.get(email="physio@demo.backtrack.local")
    plan = Plan.objects.get(runner=runner)
    assert (plan.stage, plan.status, plan.started_by) == (7, "active", physio)
    client.force_login(runner)
    assert "Stage 7 of 10: Easy runs, 20 minutes" in client.get(reverse("journal:dashboard")).content.decode()
    link = CareLink.objects.get(runner=runner, physio=physio, status="active")
    client.force_login(physio)
    page = client.get(reverse("plans:client", args=[link.public_id])).content.decode()
    assert "Stage 7 of 10: Easy runs, 20 minutes" in page
