"""The Celery app. Broker and results live on Redis (REDIS_URL); settings use the CELERY_ prefix."""

import os

from celery import Celery
from celery.signals import beat_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("backtrack")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@beat_init.connect
def heartbeat_at_start(**kwargs) -> None:
    """Beat sends its first heartbeat as it starts, not one interval later: after a deploy or a restart
    /healthz shows a worker within seconds (the deploy rehearsal waits for it)."""
    entry = app.conf.beat_schedule.get("heartbeat")
    if entry:
        app.send_task(entry["task"])
