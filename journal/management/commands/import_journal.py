"""python manage.py import_journal --user EMAIL FILE.csv [FILE.csv ...]"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from journal.importing.journal_csv import ImportRefused, csv_import


class Command(BaseCommand):
    help = "Imports daily entries or sessions from CSV files in the export's format (each file all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help="the runner's email address")
        parser.add_argument("files", nargs="+", type=Path)

    def handle(self, *args, user: str, files: list[Path], **options):
        runner = User.objects.filter(email__iexact=user.strip()).first()
        if runner is None or not runner.is_runner:
            raise CommandError(f"No runner account with the email {user}.")
        failed = 0
        for path in files:
            try:
                data = path.read_bytes()
            except OSError as exc:
                self.stderr.write(f"{path}: cannot be read ({exc.strerror}).")
                failed += 1
                continue
            try:
                result = csv_import(runner=runner, data=data)
            except ImportRefused as exc:
                failed += 1
                self.stderr.write(f"{path}: not imported, nothing was changed.")
                for error in exc.errors:
                    self.stderr.write(f"  {error}")
                continue
            self.stdout.write(f"{path}: {result.summary()}")
        if failed:
            raise CommandError(f"{failed} file(s) not imported.")
