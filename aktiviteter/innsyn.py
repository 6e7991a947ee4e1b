"""What the activities app holds about a member, for the right of access (medlemmer.innsyn).
Names in free text (titles, places, descriptions, the date plan's versions, media titles) are
found and redacted by medlemmer.omtaler."""

from django.utils.translation import gettext_lazy as _

from aktiviteter.aktivitet.models import AdHocGruppe, Aktivitet, Deltakelse
from aktiviteter.arsmote.models import Delegat, Valgforslag, Valgt
from aktiviteter.datoplan.models import Datoplanpunkt
from aktiviteter.paaminnelser.models import Paaminnelse
from aktiviteter.studier.models import Kursdeltaker, Studietiltak
from aktiviteter.utsendinger.models import Invitasjonssvar
from aktiviteter.valg.models import Vaktpamelding
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


def _invitasjonssvar(m: Medlem) -> list[dict]:
    rows = Invitasjonssvar.objects.filter(medlem=m).select_related("utsending__aktivitet")
    return [
        {
            "dato": s.utsending.aktivitet.dato,
            "aktivitet": s.utsending.aktivitet.tittel,
            "svar": s.get_svar_display(),
            "besvart": s.besvart,
        }
        for s in rows.order_by("besvart", "pk")
    ]


def _vakter(m: Medlem) -> list[dict]:
    rows = Vaktpamelding.objects.filter(medlem=m).select_related(
        "vakt__aktivitet", "vakt__aktivitet__enhet"
    )
    return [
        {
            "dato": p.vakt.aktivitet.dato,
            "aktivitet": p.vakt.aktivitet.tittel,
            "enhet": p.vakt.aktivitet.enhet.navn,
            "vakt": f"{p.vakt.start:%H:%M}–{p.vakt.slutt:%H:%M}",
            "meldt_paa": p.get_kilde_display(),
            "registrert": p.opprettet,
        }
        for p in rows.order_by("vakt__aktivitet__dato", "vakt__start", "pk")
    ]


def _slett_vakter(m: Medlem, _needles: list[str]) -> None:
    """On erasure: a sign-up for a shift is about the person and nobody counts it later, so it
    goes (the place is free again)."""
    Vaktpamelding.objects.filter(medlem=m).delete()


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


def _valgforslag(m: Medlem) -> list[dict]:
    """The election committee's proposals that name the member, with its comment."""
    rows = Valgforslag.objects.filter(medlem=m).select_related("arsmote__lokallag")
    return [
        {
            "aar": v.arsmote.aar,
            "enhet": v.arsmote.lokallag.navn,
            "rolle": v.get_rolle_display(),
            "valgperiode": v.antall_aar,
            "kommentar": v.kommentar,
        }
        for v in rows.order_by("arsmote__aar", "pk")
    ]


def _valgt(m: Medlem) -> list[dict]:
    """Offices the member was elected to at an annual meeting (the offices themselves are in
    the «verv» section)."""
    rows = Valgt.objects.filter(verv__medlem=m).select_related("arsmote__lokallag", "verv")
    return [
        {
            "aar": v.arsmote.aar,
            "enhet": v.arsmote.lokallag.navn,
            "rolle": v.verv.get_rolle_display(),
            "fra": v.verv.fra_dato,
            "til": v.verv.til_dato,
        }
        for v in rows.order_by("arsmote__aar", "pk")
    ]


def _delegat(m: Medlem) -> list[dict]:
    rows = Delegat.objects.filter(medlem=m).select_related("arsmote__lokallag")
    return [
        {
            "aar": d.arsmote.aar,
            "enhet": d.arsmote.lokallag.navn,
            "som": _("vara") if d.vara else _("delegat"),
            "registrert": d.opprettet,
        }
        for d in rows.order_by("arsmote__aar", "pk")
    ]


def _slett_arsmoteoppforinger(m: Medlem, needles: list[str]) -> None:
    """On erasure: a proposal or a place on a delegate list is about the person and nobody
    counts them later, so they go (the offices stay, anonymised, as every office does)."""
    Valgforslag.objects.filter(medlem=m).delete()
    Delegat.objects.filter(medlem=m).delete()


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
    "aar": _("år"),
    "valgperiode": _("valgperiode (år)"),
    "kommentar": _("kommentar"),
    "som": _("som"),
    "registrert": _("registrert"),
}

innsyn.register(
    "aktiviteter",
    _deltakelser,
    {("aktiviteter.deltakelse", "medlem")},
    title=_("Aktiviteter du er ført opp på"),
    labels=LABELS,
)
innsyn.register(
    "invitasjonssvar",
    _invitasjonssvar,
    {("aktiviteter.invitasjonssvar", "medlem")},
    title=_("Svar på invitasjoner"),
    labels={"svar": _("svar"), "besvart": _("besvart")},
)
innsyn.register(
    "vakter",
    _vakter,
    {("aktiviteter.vaktpamelding", "medlem")},
    _slett_vakter,
    title=_("Vakter du har tatt"),
    labels={"vakt": _("vakt"), "meldt_paa": _("meldt på")},
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
innsyn.register(
    "arsmote_valgforslag",
    _valgforslag,
    {("aktiviteter.valgforslag", "medlem")},
    _slett_arsmoteoppforinger,
    title=_("Valgkomiteens forslag"),
)
innsyn.register("arsmote_valgt", _valgt, set(), title=_("Valgt på årsmøtet"))
innsyn.register(
    "arsmote_delegat",
    _delegat,
    {("aktiviteter.delegat", "medlem")},
    title=_("Delegat til fylkesårsmøtet"),
)
