"""The opt-in daily reminder to log how the back is, at the runner's own local time."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from journal.models import Entry
from monitoring import emails

from .models import ReminderLog
from .selectors import monitored_runners

logger = logging.getLogger(__name__)

REMINDER_WINDOW = dt.timedelta(hours=2)  # a reminder goes out within two hours after the chosen time


def reminders_send_due(*, now: dt.datetime | None = None) -> int:
    """Sends the daily logging reminder to runners whose local reminder time has come (once a local day).

    Runners who have already logged today are skipped.
    """
    now = now or timezone.now()
    sent = 0
    candidates = monitored_runners().filter(reminder_enabled=True, reminder_time__isnull=False)
    for user in candidates.only("id", "email", "display_name", "time_zone", "reminder_time"):
        local = timezone.localtime(now, user.zone)
        chosen = dt.datetime.combine(local.date(), user.reminder_time, tzinfo=user.zone)
        if not (chosen <= local < chosen + REMINDER_WINDOW):
            continue
        today = local.date()
        if Entry.objects.filter(runner=user, day=today).exists():
            continue
        try:
            with transaction.atomic():
                ReminderLog.objects.get_or_create(runner=user)
                claimed = (
                    ReminderLog.objects.filter(runner=user)
                    .filter(Q(last_sent_on__isnull=True) | ~Q(last_sent_on=today))
                    .update(last_sent_on=today)
                )
                if claimed:
                    emails.send_daily_reminder(user)
                    sent += 1
        except Exception:
            logger.exception("Could not send the daily reminder to user %s", user.pk)
    return sent
