from django.core.management.base import BaseCommand

from buskerud_sp.mfa import mfa_secrets_rotate


class Command(BaseCommand):
    help = (
        "Krypterer tofaktor-hemmelighetene på nytt med den første nøkkelen i "
        "MFA_ENCRYPTION_KEYS, slik at de eldre nøklene kan fjernes etterpå."
    )

    def handle(self, *args, **options):
        count = mfa_secrets_rotate()
        self.stdout.write(self.style.SUCCESS(f"{count} tofaktor-oppsett kryptert med ny nøkkel."))
