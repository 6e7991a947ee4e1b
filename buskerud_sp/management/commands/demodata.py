from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from buskerud_sp.demodata import PERSONAS, load_all
from lokallag.models import Lokallag


class Command(BaseCommand):
    help = "Laster demo-organisasjonen (Buskerud fra 2024) med personas. Kan kjøres flere ganger."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="Only load when no chapter exists yet."
        )

    def handle(self, *args, if_empty: bool = False, **options):
        if not settings.DEMO_ENABLED:
            raise CommandError(
                "Demo data is disabled here (DEBUG=false). Set DEMO_ENABLED=true on a demo server."
            )
        if if_empty and Lokallag.objects.exists():
            self.stdout.write("Databasen har allerede data; demodata ble ikke lastet på nytt.")
        else:
            counts = load_all(password=settings.DEMO_PASSWORD)
            summary = ", ".join(f"{value} {key}" for key, value in counts.items())
            self.stdout.write(self.style.SUCCESS(f"Demodata lastet: {summary}."))
        self.stdout.write("")
        self.stdout.write(f"Demo-innlogginger (passord: {settings.DEMO_PASSWORD}):")
        for persona in PERSONAS:
            self.stdout.write(f"  {persona.email:<36} {persona.description}")
