"""Who gets what: every URL pattern of the project x the methods it answers x eight kinds of user, as the
table in tests/access_matrix.py says (read its docstring before adding a URL).

The world (one runner's data and who is who, tests.factories.world_build, as the shared `world` fixture) is
built once for this module, with one sign-in per role, in a transaction rolled back after the module's last
test; each test runs in a savepoint inside it, and each role's requests in a savepoint of their own."""

from __future__ import annotations

import uuid

import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from journal.models import TrainingSession
from tests.access_matrix import (
    ADMIN_PUBLIC,
    ADMIN_STAFF_STATUS,
    ALLAUTH,
    CASES,
    EXPECTED,
    ROLES,
    admin_urls,
    allauth_url,
    each_role,
    post_data,
    url_group,
    url_kwargs,
    walk,
)
from tests.factories import PERSONAS, world_build
from tests.utils import saved_sign_in


@pytest.fixture(scope="module")
def module_world(django_db_setup, django_db_blocker):
    """The world and a saved sign-in per role, made once for the module (building it and signing eight people
    in cost more than the requests each test makes)."""
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
        transaction.atomic(),
    ):
        world = world_build(**{name: make() for name, make in PERSONAS.items()})
        world["sessions"] = {role: saved_sign_in(user) for role, user in world["users"].items() if user is not None}
        yield world
        transaction.set_rollback(True)


@pytest.fixture
def matrix_world(module_world, db):
    """The module's world, in this test's own savepoint (pytest-django's `db`)."""
    return module_world


@pytest.mark.parametrize(("name", "method"), CASES)
def test_each_url_answers_each_role_exactly(matrix_world, name, method):
    def ask(role, client):
        url = reverse(name, kwargs=url_kwargs(name, role, matrix_world))
        response = client.get(url) if method == "GET" else client.post(url, post_data(name, matrix_world))
        expected = EXPECTED[name][method][role]
        if response.status_code != expected:
            return f"{method} {url} as {role}: {response.status_code}, not {expected}"
        to_login = role == "anonymous" and expected == 302 and name != "triage:result"
        if to_login and not response["Location"].startswith(reverse("account_login")):
            return f"{method} {url} as {role}: sent to {response['Location']}, not to log in"
        refused = response.status_code in (403, 404) and hasattr(response, "content")
        if refused and b"robin" in response.content.lower():
            return f"{method} {url} as {role}: a refusal must not show the runner's data"
        return None

    wrong = each_role(matrix_world, ask)
    assert not wrong, "\n".join(wrong)


def test_each_role_meets_the_world_as_built(matrix_world):
    """The savepoints work: the runner deletes their session, and every role after them still finds it."""
    session = matrix_world["session"]
    found = []

    def ask(role, client):
        found.append(TrainingSession.objects.filter(pk=session.pk).exists())
        response = client.post(reverse("journal:session_delete", kwargs={"pk": session.pk}))
        if role == "runner":
            assert response.status_code == 302
            assert not TrainingSession.objects.filter(pk=session.pk).exists(), "the runner's delete deleted"
        return None

    each_role(matrix_world, ask)
    assert found == [True] * len(ROLES)


def test_every_url_pattern_is_in_the_matrix():
    missing = [
        f"{route} (name={name})"
        for route, name, pattern in walk()
        if url_group(route, pattern) is None and name not in EXPECTED
    ]
    assert not missing, "Add these URL patterns to EXPECTED in tests/access_matrix.py: " + ", ".join(missing)
    allauth_names = {name for route, name, pattern in walk() if url_group(route, pattern) == "allauth"}
    assert allauth_names == set(ALLAUTH), "Update ALLAUTH to the allauth patterns now installed"


@pytest.mark.parametrize("name", ALLAUTH)
def test_allauth_pages_answer_each_role_exactly(matrix_world, name):
    def ask(role, client):
        status = client.get(allauth_url(name)).status_code
        return None if status == ALLAUTH[name][role] else f"GET {name} as {role}: {status}, not {ALLAUTH[name][role]}"

    wrong = each_role(matrix_world, ask)
    assert not wrong, "\n".join(wrong)


def test_the_admin_lets_in_staff_only(matrix_world):
    login = reverse("admin:login")
    urls = admin_urls(matrix_world)

    def ask(role, client):
        wrong = []
        for name, url in urls:
            response = client.get(url)
            if role == "admin":
                expected = ADMIN_STAFF_STATUS.get(name, 200)
            else:
                expected = ADMIN_PUBLIC[name][role] if name in ADMIN_PUBLIC else 302
            if response.status_code != expected:
                wrong.append(f"GET {url} as {role}: {response.status_code}, not {expected}")
            # admin:logout sends non-staff to the admin index, which sends them on to the login.
            elif (
                role != "admin"
                and expected == 302
                and not response["Location"].startswith(
                    reverse("admin:index")
                    if name == "admin:logout"
                    else reverse("account_login")  # the admin's login is allauth's (config/urls.py)
                    if name in ADMIN_PUBLIC
                    else login
                )
            ):
                wrong.append(f"GET {url} as {role}: sent to {response['Location']}")
        return "\n".join(wrong)

    wrong = each_role(matrix_world, ask)
    assert not wrong, "\n".join(wrong)


def test_the_urls_carry_no_sequential_ids_of_runners_or_links(matrix_world):
    url = reverse("clinic:client", args=[matrix_world["link"].public_id])
    assert str(matrix_world["link"].pk) not in url.split("/")
    assert str(matrix_world["users"]["runner"].pk) not in url.split("/")


# --- ids cannot be guessed into someone else's data --------------------------------------------------
def test_a_made_up_or_someone_elses_link_id_answers_404(client, matrix_world):
    client.force_login(matrix_world["users"]["unlinked_physio"])
    assert client.get(reverse("clinic:client", args=[matrix_world["link"].public_id])).status_code == 404
    assert client.get(reverse("clinic:client", args=[uuid.uuid4()])).status_code == 404
