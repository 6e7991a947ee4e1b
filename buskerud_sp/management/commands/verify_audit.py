from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from buskerud_sp.core.audit import ChainProblem, anchor_chain


class Command(BaseCommand):
    help = (
        "Kontrollerer hash-kjeden i revisjonssporet mot ankrene utenfor databasen, navngir "
        "første oppføring som ikke stemmer, og skriver et nytt anker når kjeden stemmer."
    )

    def handle(self, *args, **options):
        try:
            result = anchor_chain()
        except OSError as e:
            raise CommandError(
                f"Ankerfilen {settings.AUDIT_ANCHOR_FILE} kunne ikke leses eller skrives: {e}."
            ) from e
        if isinstance(result, ChainProblem):
            raise CommandError(
                f"Revisjonssporet er endret: oppføring {result.entry_id}: {result.reason}."
            )
        self.stdout.write(
            self.style.SUCCESS(f"Revisjonssporet er uendret ({result.count} oppføringer).")
        )
