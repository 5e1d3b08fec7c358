"""Announcing flags: the runner's mail about each open flag nobody has announced yet, once, and the signals
the layers above react to (``monitoring.signals``: the clinic mails linked physios about urgent flags)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from monitoring import emails

from .models import Flag, FlagStatus
from .signals import flag_opened, flag_worse

logger = logging.getLogger(__name__)


def _unannounced(runner_ids: Sequence[int]):
    return Flag.objects.filter(runner_id__in=list(runner_ids), status=FlagStatus.OPEN, notified_at=None)


def flags_notify_pending(*, runner_ids: Sequence[int]) -> int:
    """Emails the runner about each open flag nobody has announced yet, then announces it to the layers above.

    The flags are claimed first with one conditional update that stamps them with this call's own
    timestamp (``UPDATE ... SET notified_at = <stamp> WHERE notified_at IS NULL``): a flag another
    process claimed first is not ours, so no email goes out twice. A flag whose email fails is
    un-claimed, and the next scan tries again; only a flag whose runner was told is announced
    (``flag_opened``, or ``flag_worse`` when its signs got worse while it was open), so each
    announcement reaches the layers above once.
    """
    stamp = timezone.now()
    with transaction.atomic():
        if not _unannounced(runner_ids).update(notified_at=stamp):
            return 0
    sent = 0
    for flag in Flag.objects.filter(runner_id__in=list(runner_ids), notified_at=stamp).select_related("runner"):
        try:
            emails.send_flag_opened_to_runner(flag)
            signal = flag_worse if flag.announced_as_worse else flag_opened
            signal.send(sender=Flag, flag=flag)
            sent += 1
        except Exception:
            logger.exception("Could not send the emails for flag %s; the next scan will try again", flag.pk)
            Flag.objects.filter(pk=flag.pk, notified_at=stamp).update(notified_at=None)
    return sent


def flags_mark_notified(*, runner_ids: Sequence[int], now: dt.datetime) -> None:
    """Marks the runners' unannounced open flags as announced without a word (a scan run with notify=False)."""
    _unannounced(runner_ids).update(notified_at=now)
