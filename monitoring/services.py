"""Kept only for ``monitoring/templatetags/monitoring_tags.py``, which imports ``thresholds_from_settings``
from here (it moves with the dashboard-panel refactor; then this module goes).

Monitoring's writes live in modules with one job each: ``monitoring.scan`` (the batched scan),
``monitoring.flags`` (the flag state machine), ``monitoring.notifications`` (announcing flags),
``monitoring.checkins`` and ``monitoring.reminders``.
"""

from .selectors import thresholds_from_settings

__all__ = ["thresholds_from_settings"]
