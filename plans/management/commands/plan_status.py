from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from plans import selectors


class Command(BaseCommand):
    help = (
        "Prints each plan under way with the progression rule's decision, computed from the journal as it "
        "stands (imported sessions and entries count like any others). Changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--runner", metavar="EMAIL", help="only this runner's plan")
        parser.add_argument(
            "--json",
            action="store_true",
            help="print a JSON list of {runner, stage, stage_name, decision, reasons, next_session}",
        )

    def handle(self, *args, **options):
        rows = selectors.plan_statuses(runner_email=options["runner"])
        if options["runner"] and not rows:
            raise CommandError(f"No plan under way for {options['runner']}")
        if options["json"]:
            self.stdout.write(json.dumps(rows, indent=2))
            return
        for row in rows:
            upcoming = row["next_session"]
            self.stdout.write(
                f"{row['runner']}  stage {row['stage']} ({row['stage_name']})  {row['decision']}  "
                f"next: {upcoming['day'] + ' ' + upcoming['summary'] if upcoming else '-'}"
            )
            for reason in row["reasons"]:
                self.stdout.write(f"    {reason}")
