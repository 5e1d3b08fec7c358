"""The one pair of view decorators every page uses: who gets in, who gets 404, who gets the waiting page."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from accounts.decorators import physio_required, runner_required
from tests.factories import AdminFactory, PhysioFactory, RunnerFactory

pytestmark = pytest.mark.django_db


@runner_required
def runner_page(request, number):
    return HttpResponse(f"runner page {number}")


@physio_required
def physio_page(request, number):
    return HttpResponse(f"physio page {number}")


def get(user):
    request = RequestFactory().get("/somewhere/")
    request.user = user
    return request


def test_a_runner_opens_a_runner_page_with_its_arguments():
    assert runner_page(get(RunnerFactory()), 7).content == b"runner page 7"


def test_an_anonymous_visitor_is_sent_to_log_in_first():
    for page in (runner_page, physio_page):
        response = page(get(AnonymousUser()), 7)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=/somewhere/")


@pytest.mark.parametrize("user", [PhysioFactory, AdminFactory], ids=["physio", "admin"])
def test_anyone_but_a_runner_gets_404_on_a_runner_page(user):
    with pytest.raises(Http404):
        runner_page(get(user()), 7)


@pytest.mark.parametrize(
    "user",
    [RunnerFactory, AdminFactory, lambda: PhysioFactory(is_active=False)],
    ids=["runner", "admin", "inactive physio"],
)
def test_anyone_but_an_active_physio_gets_404_on_a_physio_page(user):
    with pytest.raises(Http404):
        physio_page(get(user()), 7)


def test_a_verified_physio_opens_a_physio_page():
    assert physio_page(get(PhysioFactory()), 7).content == b"physio page 7"


def test_a_physio_awaiting_verification_gets_the_page_that_explains_the_wait():
    physio = PhysioFactory(physio_verified_at=None)
    response = physio_page(get(physio), 7)
    assert response.status_code == 403
    html = response.content.decode()
    assert "Your physio account is awaiting verification" in html
    assert physio.email in html
    assert "physio page" not in html


def test_the_decorators_keep_the_view_name():
    assert runner_page.__name__ == "runner_page"
    assert physio_page.__name__ == "physio_page"
