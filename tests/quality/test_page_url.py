"""A form that posts to a URL of its own (POST only) and is refused shows its page there, with a 4xx and
the error, and names the page's own address (<meta name="bt-page-url">). static/js/page-url.js puts that
address in the address bar, so a reload opens the page instead of a blank "405 Method Not Allowed"."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from monitoring.models import CheckIn
from plans.services import plan_start
from tests.factories import CareLinkFactory, FlagFactory, TrainingSessionFactory

pytestmark = pytest.mark.django_db


def page_url(response) -> str | None:
    found = re.search(r'<meta name="bt-page-url" content="([^"]+)">', response.content.decode())
    return found.group(1) if found else None


def refused_posts(runner) -> list[tuple[str, dict]]:
    flag = FlagFactory(runner=runner, kind="night_pain", severity="review")
    session = TrainingSessionFactory(runner=runner)
    checkin = CheckIn.objects.create(runner=runner, session=session, run_day=session.day, due_at=timezone.now())
    return [
        (reverse("journal:quick_pain"), {"pain": "12"}),
        (reverse("monitoring:dismiss", args=[flag.pk]), {}),
        (reverse("monitoring:checkin_answer", args=[checkin.pk]), {"settled": "maybe"}),
        (reverse("clinic:invite"), {"email": "not an address"}),
        (reverse("clinic:code_redeem"), {"code": "!!"}),
    ]


def test_a_refused_form_names_the_page_to_reload_and_that_page_opens(client, runner):
    client.force_login(runner)
    for url, data in refused_posts(runner):
        response = client.post(url, data)
        assert 400 <= response.status_code < 500, (url, response.status_code)
        back = page_url(response)
        assert back is not None, url
        assert back != url
        assert client.get(back).status_code == 200, (url, back)
        assert client.get(url).status_code == 405  # what a reload of the POST-only URL would have met


def test_a_refused_plan_action_names_the_page_to_go_back_to(client, runner):
    plan_start(runner=runner, actor=runner)
    client.force_login(runner)
    response = client.post(reverse("plans:start"), {})  # a second plan
    assert 400 <= response.status_code < 500
    assert client.get(page_url(response)).status_code == 200


def test_a_page_shown_normally_names_no_other_address(client, runner):
    client.force_login(runner)
    for url in (reverse("journal:dashboard"), reverse("monitoring:list"), reverse("clinic:care_team")):
        assert page_url(client.get(url)) is None, url


def test_a_physios_refused_plan_change_names_the_clients_plan_page(client, runner, physio):
    link = CareLinkFactory(runner=runner, physio=physio)
    plan_start(runner=runner, actor=runner)
    client.force_login(physio)
    plan_page = reverse("plans:client", args=[link.public_id])
    assert page_url(client.get(plan_page)) is None
    response = client.post(reverse("plans:client_edit", args=[link.public_id]), {"stage": "99"})
    assert response.status_code == 400
    assert page_url(response) == plan_page
