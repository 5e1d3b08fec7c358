"""Our own 403, 404, 429 and 500 pages: the menu stays, the page says what to do next."""

from __future__ import annotations

import pytest
from django.template.loader import get_template
from django.test import Client, override_settings
from django.urls import path

from accounts.models import User
from config import urls as project_urls


def boom(request):
    raise RuntimeError("broken on purpose")


urlpatterns = [path("boom/", boom), *project_urls.urlpatterns]


@pytest.mark.django_db
def test_an_unknown_page_answers_our_404_with_the_menu_and_next_steps(client, runner):
    client.force_login(runner)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We could not find that page" in html
    assert 'aria-label="Main"' in html  # the signed-in menu is kept
    assert ">Dashboard</a>" in html
    assert "Go to your start page" in html


@pytest.mark.django_db
def test_a_foreign_entry_answers_404_not_a_blank_page(client, runner, other_runner):
    from tests.factories import EntryFactory

    entry = EntryFactory(runner=other_runner)
    client.force_login(runner)
    response = client.get(f"/journal/entries/{entry.day:%Y-%m-%d}/")
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()


@pytest.mark.django_db
def test_a_forged_form_answers_our_csrf_page(runner):
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(runner)
    response = csrf_client.post("/journal/today/pain/", {"pain": "3"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "That form had expired" in html
    assert "Nothing was saved" in html
    assert not runner.entries.exists()


@pytest.mark.django_db
def test_the_403_page_offers_log_in_to_a_visitor(rf):
    from django.contrib.auth.models import AnonymousUser
    from django.views.defaults import permission_denied

    request = rf.get("/clinic/")
    request.user = AnonymousUser()
    response = permission_denied(request, exception=None)
    html = response.content.decode()
    assert response.status_code == 403
    assert "You cannot open this page" in html
    assert 'href="/accounts/login/"' in html


@pytest.mark.django_db
def test_too_many_reset_requests_answer_our_429_page(client, runner, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "reset_password": "2/m/key"}
    for _ in range(3):
        response = client.post("/accounts/password/reset/", {"email": runner.email})
    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many tries in a short time" in html
    assert "Set a new password" in html


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_the_500_page_renders_without_the_database():
    # No django_db mark: any query here would fail the test.
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on our side" in html
    assert 'aria-label="Main"' in html


def test_the_500_template_reads_no_user_and_no_database():
    # Django renders 500.html with an empty context; it must not need a request, a user or a query.
    html = get_template("500.html").render({})
    assert "Something went wrong on our side" in html
    assert User.__name__ not in html
