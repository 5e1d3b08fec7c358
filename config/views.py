"""Project-level endpoints: health check, web app manifest."""

from __future__ import annotations

import redis
from django.conf import settings
from django.db import connection
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.models import Heartbeat


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
            "start_url": "/",
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
