"""What the activities app holds about a member, for the right of access (medlemmer.innsyn).
Names in free text (titles, places, descriptions, the date plan's versions, media titles) are
found and redacted by medlemmer.omtaler."""

from django.utils.translation import gettext_lazy as _

from aktiviteter.aktivitet.models import AdHocGruppe, Aktivitet, Deltakelse
from aktiviteter.datoplan.models import Datoplanpunkt
from aktiviteter.paaminnelser.models import Paaminnelse
from aktiviteter.studier.models import Kursdeltaker, Studietiltak
from medlemmer import innsyn
from medlemmer.models import Medlem


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


def _datoplanansvar(m: Medlem) -> list[dict]:
    return [
        {"punkt": p.tittel, "dato": p.fra_dato, "status": p.get_status_display()}
        for p in Datoplanpunkt.objects.filter(ansvarlig_person=m).order_by("fra_dato")
    ]


def _paaminnelser(m: Medlem) -> list[dict]:
    """The reminders sent (or not) to the member. The rows hold no copy of the address."""
    return [
        {
            "hva": p.get_art_display(),
            "laget": p.opprettet,
            "status": p.get_status_display(),
            "sendt": p.sendt,
        }
        for p in Paaminnelse.objects.filter(mottaker=m).order_by("opprettet", "pk")
    ]


LABELS = {
    "dato": _("dato"),
    "aktivitet": _("aktivitet"),
    "type": _("type"),
    "enhet": _("lag"),
    "til_stede": _("til stede"),
    "kurs": _("kurs"),
    "rolle": _("rolle"),
    "tema": _("tema"),
    "fra": _("fra"),
    "punkt": _("punkt"),
    "status": _("status"),
    "hva": _("hva"),
    "laget": _("laget"),
    "sendt": _("sendt"),
}

innsyn.register(
    "aktiviteter",
    _deltakelser,
    {("aktiviteter.deltakelse", "medlem")},
    title=_("Aktiviteter du er ført opp på"),
    labels=LABELS,
)
innsyn.register(
    "ansvarlig_for",
    _ansvar,
    {("aktiviteter.aktivitet", "ansvarlig")},
    title=_("Aktiviteter du er ansvarlig for"),
)
innsyn.register(
    "studiearbeid",
    _kurs,
    {("aktiviteter.kursdeltaker", "medlem"), ("aktiviteter.studietiltak", "kursleder")},
    title=_("Studiearbeid"),
)
innsyn.register(
    "adhoc_grupper",
    _grupper,
    {("aktiviteter.adhocgruppe", "leder"), ("aktiviteter.adhocgruppe", "medlemmer")},
    title=_("AdHoc-grupper"),
)
innsyn.register(
    "ansvarlig_i_datoplanen",
    _datoplanansvar,
    {("aktiviteter.datoplanpunkt", "ansvarlig_person")},
    title=_("Ansvar i datoplanen"),
)
innsyn.register(
    "paaminnelser",
    _paaminnelser,
    {("aktiviteter.paaminnelse", "mottaker")},
    title=_("Påminnelser på e-post"),
)
