"""What the follow-up of the chapters holds about a member, for the right of access. medlemmer
registers these sections with ``medlemmer.innsyn`` (lokallag does not import the layer above).
Names in the contact log's free text and in media titles are found by medlemmer.omtaler."""

from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from .models import Lokallag
from .oppfolging.models import Besok, Oppfolging


def _oppfolging(m: Model) -> dict:
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


def _besok(m: Model) -> list[dict]:
    rows = Besok.objects.filter(medlem=m).select_related("aktivitet", "aktivitet__enhet")
    return [
        {
            "dato": b.aktivitet.dato,
            "aktivitet": b.aktivitet.tittel,
            "enhet": b.aktivitet.enhet.navn,
            "som": b.get_rolle_display(),
        }
        for b in rows.order_by("aktivitet__dato")
    ]


# (key, section, the (app_label.model, field) pointers at the member it covers, heading)
SECTIONS = [
    (
        "oppfolging_av_lokallag",
        _oppfolging,
        {("lokallag.lokallag", "oppfolgingsansvarlig"), ("lokallag.oppfolging", "ansvarlig")},
        _("Oppfølging av lokallag"),
    ),
    ("besok_fra_fylket", _besok, {("lokallag.besok", "medlem")}, _("Besøk fra fylket")),
]
# The Norwegian labels of the keys in the sections' records.
LABELS = {
    "ansvarlig_for_lokallag": _("oppfølgingsansvarlig for"),
    "oppfolgingspunkter": _("oppfølgingspunkter"),
    "lokallag": _("lokallag"),
    "dato": _("dato"),
    "oppfolging": _("oppfølging"),
    "frist": _("frist"),
    "utfort": _("utført"),
    "aktivitet": _("aktivitet"),
    "enhet": _("lag"),
    "som": _("som"),
}
