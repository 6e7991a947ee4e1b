"""Run the reminder jobs by hand: plan what is due now, then send it. The beat tick does the
same every minute; this is for operators (and safe to run beside it: every row is claimed)."""

from django.core.management.base import BaseCommand

from aktiviteter.paaminnelser.services import paaminnelser_planlegg, paaminnelser_send


class Command(BaseCommand):
    help = "Lag påminnelsene som er forfalt nå, og send dem (hver rad sendes én gang)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--bare-send", action="store_true", help="Bare send, ikke planlegg nye."
        )

    def handle(self, *args, bare_send: bool = False, **options):
        planned = 0 if bare_send else paaminnelser_planlegg()
        sent = paaminnelser_send()
        self.stdout.write(f"planlagt={planned} " + " ".join(f"{k}={v}" for k, v in sent.items()))
