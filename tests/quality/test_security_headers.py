"""Security headers on every URL of the project, including error pages (issue: hostile input/security)."""

from __future__ import annotations

import re
import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

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


@pytest.fixture
def production_security(settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True


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
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000"), url
    for cookie in response.cookies.values():
        assert cookie["secure"], f"{url} sets cookie {cookie.key} without Secure"
        assert cookie.key != "sessionid" or cookie["httponly"], url
