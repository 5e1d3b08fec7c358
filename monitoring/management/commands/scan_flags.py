from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from monitoring import scan, selectors


class Command(BaseCommand):
    help = (
        "Runs the red-flag scan now, in this process (the same code as the nightly Celery scan), "
        "then prints the open flags. Safe to repeat: a second run opens nothing new."
    )

    def add_arguments(self, parser):
        parser.add_argument("--runner", metavar="EMAIL", help="scan only this runner")
        parser.add_argument("--json", action="store_true", help="print the open flags as a JSON list")

    def handle(self, *args, **options):
        runner = options["runner"]
        if runner:
            ids = list(selectors.monitored_runners().filter(email__iexact=runner).values_list("id", flat=True))
            if not ids:
                raise CommandError(f"No active runner with the email {runner}")
            result = scan.scan_batch(runner_ids=ids)
        else:
            result = scan.scan_all()
        flags = selectors.open_flags(runner_email=runner)
        if options["json"]:
            self.stdout.write(json.dumps([selectors.flag_as_json(flag) for flag in flags], indent=2))
            return
        self.stdout.write(f"Scanned {result.runners} runner(s); opened {result.opened} new flag(s).")
        for flag in flags:
            self.stdout.write(
                f"{flag.runner.email}  {flag.severity:8}  {flag.kind:24}  opened {flag.opened_at:%Y-%m-%d %H:%M}"
            )
