"""Writes of the proposals of new members: each checks who may do it (a crafted POST meets the
same rules as the form) and writes its audit entry."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from buskerud_sp.core import audit
from buskerud_sp.core.access import access_for
from buskerud_sp.core.audit import AuditContext
from buskerud_sp.core.models import AuditAction
from buskerud_sp.core.telefon import InvalidPhoneNumber, normalise_phone
from lokallag.models import Lokallag

from ..models import Forslagsstatus, Innmeldingsforslag, Medlem
from ..services import medlem_opprett


def kan_foreslaa(user, lokallag: Lokallag) -> bool:
    """A chapter's officers propose members to it; admins to any chapter."""
    access = access_for(user)
    return access.is_admin or lokallag.pk in access.officer_chapter_ids


def epost_i_bruk(epost: str) -> bool:
    return bool(epost) and Medlem.objects.filter(epost__iexact=epost).exists()


def _check_proposal(data: dict) -> dict:
    errors: dict[str, str] = {}
    epost = (data.get("epost") or "").strip().lower()
    try:
        telefon = normalise_phone(data.get("telefon") or "")
    except InvalidPhoneNumber:
        telefon = ""
        errors["telefon"] = _("Ugyldig telefonnummer.")
    if not epost and not telefon and "telefon" not in errors:
        errors["epost"] = _("Oppgi e-postadresse eller telefonnummer (minst ett av dem).")
    if epost_i_bruk(epost):
        errors["epost"] = _(
            "Det finnes allerede et medlem med denne e-postadressen. Er personen alt medlem?"
        )
    elif epost and Innmeldingsforslag.objects.venter().filter(epost__iexact=epost).exists():
        errors["epost"] = _("Det finnes allerede et forslag som venter, med denne e-postadressen.")
    vervet_av = data.get("vervet_av")
    if vervet_av is not None and (
        vervet_av.lokallag_id != data["lokallag"].pk or not vervet_av.er_aktiv()
    ):
        errors["vervet_av"] = _("Den som vervet, må være medlem av laget.")
    if errors:
        raise ValidationError(errors)
    return {**data, "epost": epost, "telefon": telefon}


@transaction.atomic
def forslag_opprett(*, data: dict, av, ip: str | None = None) -> Innmeldingsforslag:
    """A proposal from the chapter's officer: first and last name, e-mail and/or phone, birth
    date, recruiter (a member of the chapter) and a comment."""
    if not kan_foreslaa(av, data["lokallag"]):
        raise PermissionDenied
    data = _check_proposal(data)
    forslag = Innmeldingsforslag(
        lokallag=data["lokallag"],
        fornavn=data["fornavn"],
        etternavn=data["etternavn"],
        epost=data["epost"],
        telefon=data["telefon"],
        fodselsdato=data.get("fodselsdato"),
        vervet_av=data.get("vervet_av"),
        kommentar=data.get("kommentar") or "",
        foreslatt_av=av,
    )
    forslag.full_clean()
    forslag.save()
    audit.log(
        AuditContext(user=av, ip=ip),
        AuditAction.CREATE,
        obj=forslag,
        data={"handling": "foreslatt", "lokallag": forslag.lokallag.navn},
    )
    return forslag


def _locked_pending(forslag: Innmeldingsforslag, av) -> Innmeldingsforslag:
    if not access_for(av).is_admin:
        raise PermissionDenied
    locked = Innmeldingsforslag.objects.select_for_update().get(pk=forslag.pk)
    if locked.status != Forslagsstatus.VENTER:
        raise ValidationError(
            _("Forslaget er allerede behandlet (%(status)s).")
            % {"status": locked.get_status_display()}
        )
    return locked


@transaction.atomic
def forslag_godkjenn(
    *,
    forslag: Innmeldingsforslag,
    medlemsnummer: str,
    innmeldt: datetime.date,
    av,
    ip: str | None = None,
) -> Medlem:
    """The admin has found the person in the national register: the member is created here
    with the register's number and join date and the proposal's data (audited as every new
    member), and the proposal is marked confirmed. The welcome follows by the daily run."""
    forslag = _locked_pending(forslag, av)
    medlemsnummer = (medlemsnummer or "").strip()
    if not medlemsnummer:
        raise ValidationError({"medlemsnummer": _("Skriv medlemsnummeret fra medlemsregisteret.")})
    if Medlem.objects.filter(medlemsnummer=medlemsnummer).exists():
        raise ValidationError(
            {"medlemsnummer": _("Medlemsnummeret er allerede i bruk av et annet medlem.")}
        )
    if epost_i_bruk(forslag.epost):
        raise ValidationError(
            _(
                "Det finnes allerede et medlem med e-postadressen %(epost)s. Avvis forslaget, "
                "eller rett medlemmet som finnes."
            )
            % {"epost": forslag.epost}
        )
    medlem = medlem_opprett(
        data={
            "fornavn": forslag.fornavn,
            "etternavn": forslag.etternavn,
            "epost": forslag.epost or None,
            "telefon": forslag.telefon,
            "fodselsdato": forslag.fodselsdato,
            "lokallag": forslag.lokallag,
            "innmeldt": innmeldt,
            "medlemsnummer": medlemsnummer,
            "vervet_av": forslag.vervet_av,
        },
        av=av,
        ip=ip,
    )
    forslag.status = Forslagsstatus.GODKJENT
    forslag.medlem = medlem
    forslag.behandlet_av = av
    forslag.behandlet = timezone.now()
    forslag.save(update_fields=["status", "medlem", "behandlet_av", "behandlet"])
    audit.log(
        AuditContext(user=av, ip=ip),
        AuditAction.UPDATE,
        obj=forslag,
        medlem_id=medlem.pk,
        data={"handling": "godkjent"},
    )
    return medlem


@transaction.atomic
def forslag_avvis(
    *, forslag: Innmeldingsforslag, grunn: str, av, ip: str | None = None
) -> Innmeldingsforslag:
    """Rejected, with the reason (shown to the chapter that proposed it)."""
    forslag = _locked_pending(forslag, av)
    grunn = (grunn or "").strip()
    if not grunn:
        raise ValidationError({"grunn": _("Skriv hvorfor forslaget avvises.")})
    forslag.status = Forslagsstatus.AVVIST
    forslag.behandlet_av = av
    forslag.behandlet = timezone.now()
    forslag.avvisningsgrunn = grunn
    forslag.save(update_fields=["status", "behandlet_av", "behandlet", "avvisningsgrunn"])
    audit.log(
        AuditContext(user=av, ip=ip),
        AuditAction.UPDATE,
        obj=forslag,
        data={"handling": "avvist", "grunn": grunn},
    )
    return forslag
