"""The load test's URLconf: the app's own, plus reference pages that measure what any signed-in page costs
before it does anything of its own (`make loadtest` prints their share of the trivial view beside the
pages'). Served only by the load test's stack (scripts/loadtest_settings.py), never by the app.

- ``/loadtest/signed-in/``: a runner's request through the whole middleware stack, the session and the
  user read, access checked, and a one-line answer;
- ``/loadtest/empty-page/``: the same, rendered in the site's page (``base.html``) with nothing in it.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.template import engines
from django.urls import path

from accounts.decorators import runner_required
from config.urls import urlpatterns as app_urlpatterns

EMPTY_PAGE = engines["django"].from_string(
    '{% extends "base.html" %}{% block title %}Empty page{% endblock title %}'
    "{% block content %}<p>A page with nothing of its own.</p>{% endblock content %}"
)


@runner_required
def signed_in(request):
    return HttpResponse(f"<p>signed in as account {request.user.pk}</p>")


@runner_required
def empty_page(request):
    return HttpResponse(EMPTY_PAGE.render({}, request))


urlpatterns = [
    path("loadtest/signed-in/", signed_in, name="loadtest_signed_in"),
    path("loadtest/empty-page/", empty_page, name="loadtest_empty_page"),
    *app_urlpatterns,
]
