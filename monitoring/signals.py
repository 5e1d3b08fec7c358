"""Events monitoring announces to the layers above it (they connect in their ``AppConfig.ready()``).

Monitoring knows nothing of who listens: the clinic mails a runner's linked physios about urgent flags.
Both are sent by ``monitoring.notifications.flags_notify_pending``, once per announcement, after the
runner's own mail has gone out (a flag whose mail failed is announced again by the next scan, and only then).
"""

from __future__ import annotations

from django.dispatch import Signal

#: A new flag has been announced to its runner; kwargs: ``flag`` (a ``monitoring.models.Flag``, runner loaded).
flag_opened = Signal()

#: An open warning-sign flag's signs got worse and the runner has been told again; kwargs: ``flag``.
flag_worse = Signal()
