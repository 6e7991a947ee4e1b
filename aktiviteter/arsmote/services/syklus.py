"""The year's cycle: the admin's rules (with the deadline and the county meeting placed in the
date plan), one meeting row per chapter, and each chapter's date, time and place."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aktiviteter.arsmote.models import Arsmote, Arsmoteoppsett
from aktiviteter.datoplan.models import Datoplan, Datoplanpunkt, Malgruppe, Punkttype
from aktiviteter.datoplan.services import datoplanpunkt_lagre
from buskerud_sp.core.access import access_for
from buskerud_sp.core.dataversion import data_changed
from lokallag.models import Lokallag, Organisasjon


def aktuelt_aar(dato: datetime.date | None = None) -> int:
    """The cycle the portal opens on: the annual meetings are held in the first months of a
    year, so from October on the chapters prepare next year's."""
    dato = dato or timezone.localdate()
    return dato.year + 1 if dato.month >= 10 else dato.year


def lag_med_arsmote():
    """The units that hold an annual meeting in the county's cycle: the active Senterpartiet
    chapters and the county itself (Senterungdommen and Senterkvinnene hold theirs in their
    own organisations)."""
    return Lokallag.objects.aktive().filter(organisasjon=Organisasjon.SENTERPARTIET)


def arsmoter_sikre(aar: int) -> int:
    """Every unit of the cycle has its meeting row for ``aar``; returns how many were made."""
    existing = set(Arsmote.objects.for_aar(aar).values_list("lokallag_id", flat=True))
    rows = [
        Arsmote(lokallag_id=pk, aar=aar)
        for pk in lag_med_arsmote().values_list("pk", flat=True)
        if pk not in existing
    ]
    Arsmote.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def _datoplanpunkt(punkt: Datoplanpunkt | None, *, aar: int, bruker, **fields) -> Datoplanpunkt:
    """Create or move the date plan item the cycle keeps there (a new plan version when it
    changes, as every change of the plan)."""
    if punkt is None:
        plan = Datoplan.objects.filter(aar=aar).first() or Datoplan(aar=aar)
        punkt = Datoplanpunkt(plan=plan)
    for name, value in fields.items():
        setattr(punkt, name, value)
    return datoplanpunkt_lagre(punkt=punkt, bruker=bruker)


@transaction.atomic
def oppsett_lagre(
    *,
    oppsett: Arsmoteoppsett,
    bruker,
    fylkesarsmote_dato: datetime.date | None = None,
    fylkesarsmote_sted: str = "",
) -> Arsmoteoppsett:
    """Save the year's rules, make every chapter's meeting row, and place the chapters'
    deadline and the county's annual meeting in the date plan."""
    if not access_for(bruker).is_admin:
        raise PermissionDenied
    if fylkesarsmote_dato is not None and oppsett.frist >= fylkesarsmote_dato:
        raise ValidationError(
            {"frist": _("Fristen for lokallagenes årsmøter må være før fylkesårsmøtet.")}
        )
    oppsett.endret_av = bruker
    oppsett.save()
    arsmoter_sikre(oppsett.aar)
    county = Lokallag.objects.fylkeslag().first()
    punkt = _datoplanpunkt(
        oppsett.datoplanpunkt_frist,
        aar=oppsett.frist.year,
        bruker=bruker,
        tittel=_("Frist for årsmøtene i lokallagene"),
        type=Punkttype.ARSMOTEFRIST,
        fra_dato=oppsett.frist,
        til_dato=None,
        malgruppe=Malgruppe.ALLE_LOKALLAG,
        beskrivelse=_(
            "Årsmøtet holdt, årsmeldingen levert og det nye styret registrert i portalen."
        ),
    )
    oppsett.datoplanpunkt_frist = punkt
    if county is not None and fylkesarsmote_dato is not None:
        county_meeting = Arsmote.objects.get(lokallag=county, aar=oppsett.aar)
        county_meeting.dato = fylkesarsmote_dato
        county_meeting.sted = fylkesarsmote_sted
        county_meeting.save(update_fields=["dato", "sted", "endret"])
        oppsett.datoplanpunkt_fylkesarsmote = _datoplanpunkt(
            oppsett.datoplanpunkt_fylkesarsmote,
            aar=fylkesarsmote_dato.year,
            bruker=bruker,
            tittel=_("Fylkesårsmøte"),
            type=Punkttype.FYLKESARSMOTE,
            fra_dato=fylkesarsmote_dato,
            til_dato=None,
            malgruppe=Malgruppe.ALLE_MEDLEMMER,
            ansvarlig_enhet=county,
            beskrivelse=fylkesarsmote_sted,
        )
    oppsett.save(update_fields=["datoplanpunkt_frist", "datoplanpunkt_fylkesarsmote", "endret"])
    return oppsett


def kan_styre(bruker, arsmote: Arsmote) -> bool:
    """The chapter's officers handle their own meeting; the board the county's; admins all."""
    return Arsmote.objects.managed_by(bruker).filter(pk=arsmote.pk).exists()


def sjekk_dato(arsmote: Arsmote, oppsett: Arsmoteoppsett | None, dato: datetime.date) -> None:
    """A chapter's meeting must be held by the admin's deadline (the county's own meeting is
    the one the deadline is counted back from)."""
    if arsmote.lokallag.er_fylkeslag or oppsett is None:
        return
    if dato > oppsett.frist:
        raise ValidationError(
            {
                "dato": _("Årsmøtet må holdes senest %(frist)s, fristen fylket har satt.")
                % {"frist": oppsett.frist.strftime("%d.%m.%Y")}
            }
        )
    if dato.year != arsmote.aar:
        raise ValidationError({"dato": _("Datoen må være i %(aar)s.") % {"aar": arsmote.aar}})


@transaction.atomic
def arsmote_planlegg(
    *,
    arsmote: Arsmote,
    bruker,
    dato: datetime.date,
    klokkeslett: datetime.time | None,
    sted: str,
    forslagsfrist: datetime.date | None,
) -> Arsmote:
    """Set (or move) the meeting's date, time and place. Moving a meeting whose notice has
    gone out withdraws the notice: the members must be called again to the new date."""
    if not kan_styre(bruker, arsmote):
        raise PermissionDenied
    arsmote = Arsmote.objects.select_for_update().select_related("lokallag").get(pk=arsmote.pk)
    if arsmote.er_holdt:
        raise ValidationError(_("Årsmøtet er holdt; datoen kan ikke endres."))
    sjekk_dato(arsmote, Arsmoteoppsett.objects.for_aar(arsmote.aar), dato)
    if forslagsfrist is not None and forslagsfrist >= dato:
        raise ValidationError({"forslagsfrist": _("Fristen for forslag må være før møtet.")})
    moved = arsmote.innkalling_sendt is not None and dato != arsmote.dato
    arsmote.dato, arsmote.klokkeslett = dato, klokkeslett
    arsmote.sted, arsmote.forslagsfrist = sted, forslagsfrist
    fields = ["dato", "klokkeslett", "sted", "forslagsfrist", "endret"]
    if moved:
        arsmote.innkalling_sendt = None
        arsmote.innkalling_sendt_av = None
        arsmote.sen_innkalling_godkjent = None
        arsmote.sen_innkalling_godkjent_av = None
        fields += [
            "innkalling_sendt",
            "innkalling_sendt_av",
            "sen_innkalling_godkjent",
            "sen_innkalling_godkjent_av",
        ]
    arsmote.save(update_fields=fields)
    return arsmote


@transaction.atomic
def arsmote_marker_holdt(*, arsmote: Arsmote, bruker) -> Arsmote:
    """The leader confirms the meeting was held (registering the new board does it too)."""
    if not kan_styre(bruker, arsmote):
        raise PermissionDenied
    if arsmote.dato is None or arsmote.dato > timezone.localdate():
        raise ValidationError(_("Årsmøtet kan markeres holdt fra møtedagen."))
    Arsmote.objects.filter(pk=arsmote.pk, avholdt__isnull=True).update(
        avholdt=timezone.now(), endret=timezone.now()
    )
    data_changed()  # an update() sends no signal; the dashboard's figures read this row
    arsmote.refresh_from_db()
    return arsmote
