"""What the activities app holds about a member, for the right of access (medlemmer.innsyn)."""

from medlemmer import innsyn
from medlemmer.models import Medlem

from .models import (
    AdHocGruppe,
    Aktivitet,
    Besok,
    Deltakelse,
    Kursdeltaker,
    Medieoppslag,
    Studietiltak,
)


def _deltakelser(m: Medlem) -> list[dict]:
    rows = Deltakelse.objects.filter(medlem=m).select_related("aktivitet", "aktivitet__enhet")
    return [
        {
            "dato": d.aktivitet.dato,
            "aktivitet": d.aktivitet.tittel,
            "type": d.aktivitet.get_type_display(),
            "enhet": d.aktivitet.enhet.navn,
            "til_stede": d.til_stede,
        }
        for d in rows.order_by("aktivitet__dato")
    ]


def _ansvar(m: Medlem) -> list[dict]:
    return [
        {"dato": a.dato, "aktivitet": a.tittel, "enhet": a.enhet.navn}
        for a in Aktivitet.objects.filter(ansvarlig=m).select_related("enhet").order_by("dato")
    ]


def _kurs(m: Medlem) -> list[dict]:
    rows = [
        {"kurs": k.studietiltak.tittel, "rolle": "deltaker"}
        for k in Kursdeltaker.objects.filter(medlem=m).select_related("studietiltak")
    ]
    rows += [
        {"kurs": s.tittel, "rolle": "kursleder"} for s in Studietiltak.objects.filter(kursleder=m)
    ]
    return rows


def _grupper(m: Medlem) -> list[dict]:
    led = set(AdHocGruppe.objects.filter(leder=m).values_list("pk", flat=True))
    groups = AdHocGruppe.objects.filter(medlemmer=m) | AdHocGruppe.objects.filter(leder=m)
    return [
        {"tema": g.tema, "rolle": "leder" if g.pk in led else "medlem", "fra": g.fra_dato}
        for g in groups.distinct().order_by("fra_dato")
    ]


def _besok(m: Medlem) -> list[dict]:
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


def _redact_media(medlem: Medlem, needles: list[str]) -> None:
    """Titles of op-eds and interviews may name the member."""
    innsyn.redact_text_fields(Medieoppslag.objects.all(), ["tittel"], needles)


innsyn.register("besok_fra_fylket", _besok, {("aktiviteter.besok", "medlem")}, _redact_media)
innsyn.register("aktiviteter", _deltakelser, {("aktiviteter.deltakelse", "medlem")})
innsyn.register("ansvarlig_for", _ansvar, {("aktiviteter.aktivitet", "ansvarlig")})
innsyn.register(
    "studiearbeid",
    _kurs,
    {("aktiviteter.kursdeltaker", "medlem"), ("aktiviteter.studietiltak", "kursleder")},
)
innsyn.register(
    "adhoc_grupper",
    _grupper,
    {("aktiviteter.adhocgruppe", "leder"), ("aktiviteter.adhocgruppe", "medlemmer")},
)
