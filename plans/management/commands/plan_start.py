from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from plans import services


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--since must be a date as YYYY-MM-DD, not {value!r}") from exc


class Command(BaseCommand):
    help = (
        "Starts a return-to-run plan for a runner, at a stage, as from a day (default today): "
        "sessions and entries from that day on count for the stage."
    )

    def add_arguments(self, parser):
        parser.add_argument("--runner", metavar="EMAIL", required=True)
        parser.add_argument("--stage", type=int, default=1, metavar="N")
        parser.add_argument("--since", metavar="YYYY-MM-DD")

    def handle(self, *args, **options):
        runner = User.objects.filter(email__iexact=options["runner"], is_active=True).first()
        if runner is None:
            raise CommandError(f"No active account with the email {options['runner']}")
        since = _day(options["since"]) if options["since"] else None
        try:
            plan = services.plan_start(runner=runner, actor=None, stage=options["stage"], since=since)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(f"Started a plan for {runner.email} at stage {plan.stage}, counting from {plan.stage_since}.")
