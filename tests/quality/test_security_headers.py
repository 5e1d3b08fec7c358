"""Security headers on every URL of the project, including error pages (issue: hostile input/security)."""

from __future__ import annotations

import functools
import re
import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

from tests.utils import production_settings

SAMPLE_BY_CONVERTER = {"int": "999999", "uuid": str(uuid.UUID(int=1)), "slug": "sample", "str": "sample", "path": "a/b"}


def _route_to_url(route: str) -> str:
    return re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE_BY_CONVERTER[m.group(1) or "str"], route)


def _regex_to_url(regex: str) -> str | None:
    text = regex.lstrip("^").rstrip("$").replace("\\Z", "")
    text = re.sub(r"\(\?P<\w+>[^)]*\)", "sample", text)
    text = text.replace("\\.", ".").replace("\\", "")
    return None if re.search(r"[()\[\]*+?|]", text) else text


def all_urls(patterns=None, prefix: str = "") -> list[str]:
    urls: list[str] = []
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        pattern = entry.pattern
        piece = (
            _route_to_url(str(pattern)) if isinstance(pattern, RoutePattern) else _regex_to_url(pattern.regex.pattern)
        )
        if piece is None:
            continue
        if isinstance(entry, URLResolver):
            urls += all_urls(entry.url_patterns, prefix + piece)
        elif isinstance(entry, URLPattern):
            urls.append("/" + prefix + piece)
    return sorted(set(urls))


SECURITY_SETTINGS = (
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
)


@functools.cache
def production_security_settings() -> dict:
    """What config/settings.py gives these settings in production (DEBUG off), read in a fresh process:
    the tests run with DEBUG on, which turns them off."""
    return production_settings(*SECURITY_SETTINGS)


@pytest.fixture
def production_security(settings):
    for name, value in production_security_settings().items():
        setattr(settings, name, value)


def test_production_turns_on_hsts_for_a_year_and_secure_cookies():
    assert production_security_settings() == {
        "SECURE_HSTS_SECONDS": 31_536_000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
    }


def test_the_url_walk_covers_the_whole_project():
    urls = all_urls()
    assert "/healthz" in urls
    assert "/accounts/login/" in urls
    assert "/admin/" in urls
    assert len(urls) > 40


@pytest.mark.django_db
@pytest.mark.parametrize("url", all_urls())
def test_every_url_sends_the_security_headers(client, production_security, url):
    response = client.get(url, secure=True)
    assert response.status_code < 500, f"{url} answered {response.status_code}"
    csp = response.headers.get("Content-Security-Policy", "")
    assert "script-src 'self'" in csp, url
    assert "unsafe-inline" not in csp, url
    assert "frame-ancestors 'none'" in csp, url
    assert response.headers["X-Frame-Options"] == "DENY", url
    assert response.headers["X-Content-Type-Options"] == "nosniff", url
    assert response.headers["Referrer-Policy"] == "same-origin", url
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload", url
    for cookie in response.cookies.values():
        assert cookie["secure"], f"{url} sets cookie {cookie.key} without Secure"
        assert cookie.key != "sessionid" or cookie["httponly"], url
