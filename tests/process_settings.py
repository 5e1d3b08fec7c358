"""Settings for the processes some tests start (gunicorn, Celery beat): production's settings on
plain-HTTP loopback (scripts/loopback_settings.py) plus two switches production never needs.
Selected with DJANGO_SETTINGS_MODULE=tests.process_settings.

- Static files are served uncollected (no `collectstatic` run in tests).
- MONITORING_SCAN_EVERY_SECONDS=N makes beat send the "nightly" scan every N seconds (the two-beats test).
"""

from config.env import env_int
from scripts.loopback_settings import *  # noqa: F403
from scripts.loopback_settings import CELERY_BEAT_SCHEDULE, STORAGES

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}

_every = env_int("MONITORING_SCAN_EVERY_SECONDS", 0, minimum=0)
if _every:
    CELERY_BEAT_SCHEDULE = {
        **CELERY_BEAT_SCHEDULE,
        "monitoring-nightly-scan": {**CELERY_BEAT_SCHEDULE["monitoring-nightly-scan"], "schedule": float(_every)},
    }
