"""Accounts' scheduled task: sign-ups never confirmed are deleted once their links have expired.
(The worker's heartbeat and the session sweep are operations, not accounts: core/tasks.py.)"""

from __future__ import annotations

from celery import shared_task

from accounts import services


@shared_task(
    name="accounts.delete_unconfirmed_accounts", acks_late=True, time_limit=600, soft_time_limit=540, ignore_result=True
)
def delete_unconfirmed_accounts() -> int:
    """Daily on beat: sign-ups never confirmed, once their links have expired (accounts.services says why)."""
    return services.unconfirmed_accounts_delete()
