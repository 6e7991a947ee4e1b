"""What the follow-up of the chapters holds about a member, for the right of access
(medlemmer.innsyn). Names in the contact log's free text are found by medlemmer.omtaler."""

from medlemmer import innsyn
from medlemmer.models import Medlem

from .models import Lokallag, Oppfolging


def _oppfolging(m: Medlem) -> dict:
    owned = Oppfolging.objects.filter(ansvarlig=m).select_related("lokallag").order_by("dato")
    return {
        "ansvarlig_for_lokallag": list(
            Lokallag.objects.filter(oppfolgingsansvarlig=m)
            .order_by("navn")
            .values_list("navn", flat=True)
        ),
        "oppfolgingspunkter": [
            {
                "lokallag": o.lokallag.navn,
                "dato": o.dato,
                "oppfolging": o.neste_steg,
                "frist": o.frist,
                "utfort": o.utfort,
            }
            for o in owned
        ],
    }


innsyn.register(
    "oppfolging_av_lokallag",
    _oppfolging,
    {("lokallag.lokallag", "oppfolgingsansvarlig"), ("lokallag.oppfolging", "ansvarlig")},
)
