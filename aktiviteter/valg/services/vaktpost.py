"""The stands' mail: «Inviter til vaktene» (``Art.VAKT_INVITASJON``: list mail to the unit's
members who consented to invitations, with the list's one-click unsubscribe and a signed link
to the stand's sign-up page behind ``/svar/<token>/``), and the reminder before a shift to those
who took it (``Art.VAKT_PAAMINNELSE``, made by the planner from ``Regeltype.VAKT_PAAMINNELSE``:
by default the day before at 18:00). Both go through the reminders' delivery rows, which send
each row once; what a row says is built when it is sent. ``AktiviteterConfig.ready`` registers
the builders, the planner's source and the ``/svar/`` kind."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterator

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from aktiviteter.aktivitet.models import Aktivitet, Status
from aktiviteter.aktivitet.models.typer import VAKTTYPER
from aktiviteter.paaminnelser.models import Art, Kanal, Paaminnelse, Paaminnelsesregel
from aktiviteter.paaminnelser.services import sending
from aktiviteter.paaminnelser.services.innhold import Hopp
from aktiviteter.paaminnelser.services.planlegging import GRACE, Anledning
from aktiviteter.utsendinger.services.lister import avmeldingsheaders, avmeldingslenke
from aktiviteter.valg.models import Vakt, Vaktpamelding
from aktiviteter.valg.selectors.vakter import ledige_plasser
from aktiviteter.valg.services.vakter import har_startet, lag_for_stand, vaktstart
from buskerud_sp.core import audit
from buskerud_sp.core import svar as svar_tokens
from buskerud_sp.core.audit import AuditContext
from buskerud_sp.core.models import AuditAction
from lokallag.models import Niva
from medlemmer.models import SAMTYKKEFELT, Liste, Medlem

SVAR_ART = "vakter"
# The link lives past any stand it is sent for in practice; the sign-up closes at each shift's
# start whatever the token's age.
SVAR_LEVETID = datetime.timedelta(days=120)
# The list mail has no message of its own (``Utsending``): the unsubscribe counts no message.
INGEN_UTSENDING = 0


def pameldingslenke(aktivitet_id: int, medlem_id: int) -> str:
    token = svar_tokens.token_for(SVAR_ART, a=aktivitet_id, m=medlem_id)
    return settings.SITE_URL + reverse("svar", kwargs={"token": token})


def fra_token(payload: dict) -> tuple[Aktivitet, Medlem] | None:
    """The stand and member a link names, or None when it names nothing, the member is no
    longer an active member, or may not take the stand's shifts."""
    aktivitet_id, medlem_id = payload.get("a"), payload.get("m")
    if not isinstance(aktivitet_id, int) or not isinstance(medlem_id, int):
        return None
    aktivitet = (
        Aktivitet.objects.filter(pk=aktivitet_id, type__in=VAKTTYPER)
        .select_related("enhet")
        .first()
    )
    medlem = Medlem.objects.aktive().ikke_anonymisert().filter(pk=medlem_id).first()
    if aktivitet is None or medlem is None:
        return None
    lag = lag_for_stand(aktivitet)
    if lag is not None and medlem.lokallag_id not in lag:
        return None
    return aktivitet, medlem


def _has_email() -> Q:
    return Q(epost__isnull=False) & ~Q(epost="")


def _sms_q() -> Q:
    return ~Q(telefon="") & (Q(epost__isnull=True) | Q(epost="") | Q(foretrekker_sms=True))


def mottakere(aktivitet: Aktivitet) -> QuerySet[Medlem]:
    """Whom «Inviter til vaktene» reaches: the unit's active members (every chapter's for a
    county stand) who consented to invitations and have an address or a mobile number."""
    members = (
        Medlem.objects.aktive()
        .ikke_anonymisert()
        .filter(**{SAMTYKKEFELT[Liste.INVITASJONER]: True})
    )
    if aktivitet.enhet.niva != Niva.FYLKE:
        members = members.filter(lokallag_id=aktivitet.enhet_id)
    return members.filter(_has_email() | ~Q(telefon=""))


def invitasjon_nokkel(aktivitet: Aktivitet, dato: datetime.date) -> str:
    """One invitation per stand and day: a second click the same day sends nothing again."""
    return f"vakter-{aktivitet.pk}-{dato:%Y%m%d}"


@transaction.atomic
def inviter(aktivitet: Aktivitet, *, context: AuditContext) -> int:
    """Make one delivery row per recipient (SMS for those who prefer it or have no address);
    returns how many new rows."""
    anledning = invitasjon_nokkel(aktivitet, timezone.localdate())
    members = mottakere(aktivitet)
    sms_ids = set(members.filter(_sms_q()).values_list("pk", flat=True))
    rows = [
        Paaminnelse(
            art=Art.VAKT_INVITASJON,
            anledning=anledning,
            mottaker_id=pk,
            aktivitet=aktivitet,
            kanal=Kanal.SMS if pk in sms_ids else Kanal.EPOST,
        )
        for pk in members.order_by("pk").values_list("pk", flat=True)
    ]
    before = Paaminnelse.objects.filter(art=Art.VAKT_INVITASJON, anledning=anledning).count()
    Paaminnelse.objects.bulk_create(rows, ignore_conflicts=True, batch_size=2000)
    made = Paaminnelse.objects.filter(art=Art.VAKT_INVITASJON, anledning=anledning).count() - before
    audit.log(
        context,
        AuditAction.CREATE,
        obj=aktivitet,
        data={"handling": "vaktinvitasjon", "aktivitet": aktivitet.pk, "mottakere": made},
    )
    transaction.on_commit(functools.partial(sending.sender_snart_etter_commit, made), robust=True)
    return made


def _stand_context(aktivitet: Aktivitet) -> dict:
    return {
        "aktivitet": aktivitet,
        "lag": aktivitet.enhet.navn,
        "vakter": ledige_plasser([aktivitet.pk]).get(aktivitet.pk, []),
    }


def _aktivitet_id(anledning: str, prefix: str) -> int | None:
    head = anledning.removeprefix(prefix).split("-", 1)[0]
    return int(head) if anledning.startswith(prefix) and head.isdigit() else None


def _invitation_check(row: Paaminnelse) -> tuple[Aktivitet, Medlem] | Hopp:
    medlem = row.mottaker
    if medlem is None or not getattr(medlem, SAMTYKKEFELT[Liste.INVITASJONER]):
        return Hopp(_("Har ikke samtykket til invitasjoner."))
    aktivitet = row.aktivitet
    if aktivitet is None:
        return Hopp(_("Standen finnes ikke lenger."))
    if aktivitet.status == Status.AVLYST:
        return Hopp(_("Standen er avlyst."))
    if aktivitet.dato < timezone.localdate():
        return Hopp(_("Standen er over."))
    return aktivitet, medlem


def invitasjon_innhold(row: Paaminnelse, felles: dict) -> dict | Hopp:
    """The invitation: the stand, its shifts with free places (no names), the sign-up link."""
    checked = _invitation_check(row)
    if isinstance(checked, Hopp):
        return checked
    aktivitet, medlem = checked
    context = _stand_context(aktivitet)
    context["pamelding_url"] = pameldingslenke(aktivitet.pk, medlem.pk)
    context["avmelding_url"] = avmeldingslenke(medlem.pk, Liste.INVITASJONER, INGEN_UTSENDING)
    context["_headers"] = avmeldingsheaders(medlem.pk, Liste.INVITASJONER, INGEN_UTSENDING)
    return context


def invitasjon_sms(row: Paaminnelse) -> str | Hopp:
    checked = _invitation_check(row)
    if isinstance(checked, Hopp):
        return checked
    aktivitet, medlem = checked
    return _("%(lag)s trenger folk på %(tittel)s %(dato)s. Ta en vakt: %(url)s") % {
        "lag": aktivitet.enhet.navn,
        "tittel": aktivitet.tittel,
        "dato": f"{aktivitet.dato:%d.%m}",
        "url": pameldingslenke(aktivitet.pk, medlem.pk),
    }


def paaminnelse_nokkel(vakt_id: int) -> str:
    return f"vakt-{vakt_id}-paaminnelse"


def _reminder_check(row: Paaminnelse) -> Vakt | Hopp:
    vakt_id = _aktivitet_id(row.anledning, "vakt-")
    vakt = (
        Vakt.objects.filter(pk=vakt_id).select_related("aktivitet", "aktivitet__enhet").first()
        if vakt_id
        else None
    )
    if vakt is None:
        return Hopp(_("Vakten finnes ikke lenger."))
    if vakt.aktivitet.status == Status.AVLYST:
        return Hopp(_("Standen er avlyst."))
    if not Vaktpamelding.objects.filter(vakt=vakt, medlem_id=row.mottaker_id).exists():
        return Hopp(_("Har gitt fra seg vakten."))
    if har_startet(vakt):
        return Hopp(_("Vakten har begynt."))
    return vakt


def paaminnelse_innhold(row: Paaminnelse, felles: dict) -> dict | Hopp:
    vakt = _reminder_check(row)
    if isinstance(vakt, Hopp):
        return vakt
    return {"vakt": vakt, "aktivitet": vakt.aktivitet, "lag": vakt.aktivitet.enhet.navn}


def paaminnelse_sms(row: Paaminnelse) -> str | Hopp:
    vakt = _reminder_check(row)
    if isinstance(vakt, Hopp):
        return vakt
    aktivitet = vakt.aktivitet
    return _("Påminnelse: vakten din på %(tittel)s %(dato)s kl. %(start)s–%(slutt)s. %(sted)s") % {
        "tittel": aktivitet.tittel,
        "dato": f"{aktivitet.dato:%d.%m}",
        "start": f"{vakt.start:%H:%M}",
        "slutt": f"{vakt.slutt:%H:%M}",
        "sted": aktivitet.sted,
    }


def paaminnelse_anledninger(
    regel: Paaminnelsesregel, naa: datetime.datetime, kandidater=None
) -> Iterator[Anledning]:
    """The planner's source for ``Regeltype.VAKT_PAAMINNELSE``: ``dager`` before each shift's
    day at the rule's time (at most ``GRACE`` late, never after the shift has begun), one row
    per member who has the shift then (e-mail, else SMS); the key per shift makes it once."""
    today = timezone.localdate(naa)
    vakter = (
        Vakt.objects.filter(
            aktivitet__dato__range=(today, today + datetime.timedelta(days=regel.dager + 1))
        )
        .exclude(aktivitet__status=Status.AVLYST)
        .select_related("aktivitet")
        .order_by("pk")
    )
    pameldinger: dict[int, list[tuple[int, str]]] = {}
    for vakt_id, medlem_id, epost, telefon, foretrekker_sms in (
        Vaktpamelding.objects.filter(vakt__in=vakter)
        .order_by("vakt_id", "medlem_id")
        .values_list(
            "vakt_id", "medlem_id", "medlem__epost", "medlem__telefon", "medlem__foretrekker_sms"
        )
    ):
        kanal = Kanal.SMS if telefon and (not epost or foretrekker_sms) else Kanal.EPOST
        pameldinger.setdefault(vakt_id, []).append((medlem_id, kanal))
    for vakt in vakter:
        aktivitet = vakt.aktivitet
        send_at = regel.tidspunkt(aktivitet.dato)
        if not regel.gjelder(aktivitet.dato) or send_at > naa or naa - send_at >= GRACE:
            continue
        if naa >= vaktstart(vakt) or vakt.pk not in pameldinger:
            continue
        yield Anledning(
            regel,
            Art.VAKT_PAAMINNELSE,
            paaminnelse_nokkel(vakt.pk),
            aktivitet=aktivitet,
            medlemmer=tuple(pameldinger[vakt.pk]),
        )


def samtykkefelt_for(row: Paaminnelse) -> str | None:
    """A complaint about the invitation to the shifts withdraws the invitations' consent."""
    return SAMTYKKEFELT[Liste.INVITASJONER]
