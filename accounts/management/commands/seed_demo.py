from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = "Creates the demo accounts and demo data on first run (safe to run again: nothing is duplicated)."

    def handle(self, *args, **options):
        self.stdout.write("Demo data (passwords are printed once, when an account is created):")
        for dotted in settings.DEMO_SEEDERS:
            with transaction.atomic():
                import_string(dotted)(self.stdout)
