from django.core.management.base import BaseCommand, CommandError

from buskerud_sp.audit import verify_chain
from buskerud_sp.models import AuditEntry


class Command(BaseCommand):
    help = (
        "Kontrollerer hash-kjeden i revisjonssporet og navngir første oppføring som ikke stemmer."
    )

    def handle(self, *args, **options):
        problem = verify_chain()
        if problem:
            raise CommandError(
                f"Revisjonssporet er endret: oppføring {problem.entry_id}: {problem.reason}."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Revisjonssporet er uendret ({AuditEntry.objects.count()} oppføringer)."
            )
        )
