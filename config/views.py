"""Project-level endpoints: the home page, health check, web app manifest, service worker and offline page."""

from __future__ import annotations

import hashlib
import json
from functools import cache

import redis
from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import connection
from django.http import HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core.models import Heartbeat
from journal.forms import PAIN_CHOICES
from journal.models import SessionType, TrainingSession, number_range
from triage.codes import PainSide


def home(request):
    """Sends each kind of user to their own starting page (the project knows every workspace; no app below it
    names another's pages)."""
    user = request.user
    if user.is_authenticated:
        if user.is_staff and not user.is_physio:
            return redirect("admin:index")
        return redirect("clinic:caseload" if user.is_physio else "journal:dashboard")
    return render(request, "home.html")


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False


def _redis_ok() -> bool:
    try:
        client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
        try:
            return bool(client.ping())
        finally:
            client.close()
    except Exception:
        return False


@never_cache
@require_GET
def healthz(request):
    checks = {"database": _database_ok(), "redis": _redis_ok()}
    healthy = all(checks.values())
    body = {"status": "ok" if healthy else "degraded", **{k: "ok" if v else "down" for k, v in checks.items()}}
    if checks["database"]:
        beat = Heartbeat.objects.filter(name="worker").values_list("seen_at", flat=True).first()
        body["worker_last_seen"] = beat.isoformat() if beat else None
    return JsonResponse(body, status=200 if healthy else 503)


@require_GET
def manifest(request):
    return JsonResponse(
        {
            "name": "Backtrack",
            "short_name": "Backtrack",
            "description": "Should I run with lower back pain? Check today, log your back, see your trend.",
            "id": "/",
            "start_url": "/",
            "scope": "/",
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": "#0b5394",
            "icons": [
                {"src": static("img/icon-192.png"), "sizes": "192x192", "type": "image/png"},
                {"src": static("img/icon-512.png"), "sizes": "512x512", "type": "image/png"},
                {"src": static("img/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
            ],
        },
        content_type="application/manifest+json",
    )


def favicon(request):
    return HttpResponsePermanentRedirect(static("img/favicon.ico"))


# Files the service worker keeps for offline use: the offline page and what it needs to look right and work.
OFFLINE_ASSETS = (
    "vendor/bootstrap-5.3.8/css/bootstrap.min.css",
    "css/icons.css",  # Bootstrap Icons, those the code uses (scripts/icon_subset.py)
    "fonts/backtrack-icons.woff2",
    "css/backtrack.css",
    "vendor/bootstrap-5.3.8/js/bootstrap.bundle.min.js",
    "js/offline-queue.js",
    "img/icon.svg",
    "img/favicon.ico",
)


@cache
def _service_worker_source() -> str:
    """static/js/sw.js, preceded by its settings: the offline page, the files to keep (with their hashed
    names in production) and a version that changes whenever any of them changes."""
    with open(finders.find("js/sw.js"), encoding="utf-8") as f:
        body = f.read()
    assets = [static(name) for name in OFFLINE_ASSETS]
    version = hashlib.sha256((body + "".join(assets) + _offline_page()).encode()).hexdigest()[:12]
    config = {"version": version, "offline": "/offline/", "assets": assets, "static": settings.STATIC_URL}
    return f"self.BACKTRACK = {json.dumps(config)};\n{body}"


@cache
def _offline_page() -> str:
    # Rendered without the request: the page is cached on the phone, so it holds no user, token or message.
    return render_to_string(
        "offline.html",
        {
            "pain_values": [value for value, _ in PAIN_CHOICES],
            "rpe_range": number_range(TrainingSession, "rpe"),
            "pain_sides": PainSide.choices,
            "session_types": SessionType.choices,
        },
    )


@require_GET
def service_worker(request):
    """The service worker, served from the site root so that it may control every page."""
    response = HttpResponse(_service_worker_source(), content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def offline(request):
    """What the service worker shows when a page cannot load: log today's pain or a run to send later."""
    return HttpResponse(_offline_page())
