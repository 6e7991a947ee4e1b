"""The notice (innkalling) of a chapter's annual meeting: the leader writes it, the portal
mails it to every active member with an e-mail address (member mail: no consent, no
unsubscribe link) and prints a letter for the rest; the members read the papers through a
signed link. A notice later than the admin's minimum needs an admin's approval first.

The mails are ``Paaminnelse`` rows that the reminders' sender delivers; one notice is the rows
of one occasion ``arsmote-<pk>-<N>``, and a meeting moved after its notice gets a new N when
it is called again.
"""

from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from aktiviteter.arsmote.models import (
    STANDARD_VARSEL_DAGER,
    VALGBARE_VERV,
    Arsmelding,
    Arsmote,
    Arsmoteoppsett,
)
from aktiviteter.arsmote.services.syklus import kan_styre
from aktiviteter.paaminnelser.models import Art, Paaminnelse
from aktiviteter.paaminnelser.services import sending
from aktiviteter.paaminnelser.services.innhold import Hopp
from aktiviteter.paaminnelser.services.mottakere import admin_brukere
from buskerud_sp.core import audit, svar
from buskerud_sp.core.access import access_for
from buskerud_sp.core.mail import send_mail_template
from buskerud_sp.core.models import AuditAction
from medlemmer.models import Medlem

SVAR_ART = "arsmote"
# The papers' link lives until well after the meeting (the chapters meet by March; a link from
# a notice sent in November must still open on the day).
PAPIRER_LEVETID = datetime.timedelta(days=200)
_ANLEDNING = re.compile(r"^arsmote-(\d+)-(\d+)$")


# --- Reading -------------------------------------------------------------------------------


def varsel_dager(arsmote: Arsmote) -> int:
    oppsett = Arsmoteoppsett.objects.for_aar(arsmote.aar)
    return oppsett.varsel_dager if oppsett else STANDARD_VARSEL_DAGER


@dataclass(frozen=True)
class Innkallingsstatus:
    """Where a meeting's notice stands today, for the meeting page and the send page."""

    arsmote: Arsmote
    varsel_dager: int
    today: datetime.date

    @property
    def sendt(self) -> bool:
        return self.arsmote.innkalling_sendt is not None

    @property
    def siste_dag(self) -> datetime.date | None:
        return self.arsmote.siste_innkallingsdag(self.varsel_dager)

    @property
    def sen(self) -> bool:
        return self.arsmote.innkalling_er_sen(self.varsel_dager, self.today)

    @property
    def godkjent(self) -> bool:
        return self.arsmote.sen_innkalling_godkjent is not None

    @property
    def venter_godkjenning(self) -> bool:
        return self.sen and not self.godkjent and bool(self.arsmote.sen_innkalling_grunn)

    @property
    def mangler(self) -> str:
        """What stops the notice from going out now, or ""."""
        a = self.arsmote
        if self.sendt:
            return str(_("Innkallingen er alt sendt."))
        if a.er_holdt:
            return str(_("Årsmøtet er holdt."))
        if a.dato is None or not a.sted:
            return str(_("Sett dato og sted for møtet før innkallingen sendes."))
        if a.dato <= self.today:
            return str(_("Møtet må være fram i tid når innkallingen sendes."))
        if self.sen and not self.godkjent:
            return str(
                _(
                    "Siste dag for innkallingen var %(dag)s. En senere innkalling må godkjennes "
                    "av en administrator før den kan sendes."
                )
                % {"dag": self.siste_dag.strftime("%d.%m.%Y")}
            )
        return ""

    @property
    def kan_sendes(self) -> bool:
        return not self.mangler


def status(arsmote: Arsmote, today: datetime.date | None = None) -> Innkallingsstatus:
    return Innkallingsstatus(arsmote, varsel_dager(arsmote), today or timezone.localdate())


def _medlemmer(arsmote: Arsmote) -> QuerySet[Medlem]:
    return Medlem.objects.aktive().ikke_anonymisert().filter(lokallag_id=arsmote.lokallag_id)


def _uten_epost() -> Q:
    return Q(epost__isnull=True) | Q(epost="")


def mottakere_epost(arsmote: Arsmote) -> QuerySet[Medlem]:
    """The chapter's active members the notice is mailed to."""
    return _medlemmer(arsmote).exclude(_uten_epost())


def mottakere_brev(arsmote: Arsmote) -> QuerySet[Medlem]:
    """The chapter's active members without an e-mail address: they get the letter."""
    return _medlemmer(arsmote).filter(_uten_epost())


def er_medlem_i(medlem: Medlem, arsmote: Arsmote) -> bool:
    return (
        medlem.anonymisert is None
        and medlem.lokallag_id == arsmote.lokallag_id
        and medlem.er_aktiv()
    )


def valgforslag_linjer(arsmote: Arsmote) -> list[tuple[str, str]]:
    """The election committee's proposal as (office, candidate's name), in the offices'
    order; nothing else about the candidates."""
    order = {rolle: index for index, rolle in enumerate(VALGBARE_VERV)}
    rows = sorted(
        arsmote.valgforslag.select_related("medlem"),
        key=lambda v: (order.get(v.rolle, len(order)), v.pk),
    )
    return [(v.get_rolle_display(), v.medlem.navn) for v in rows]


def sakspapirer(arsmote: Arsmote) -> dict:
    """What the papers show: the notice, the annual report (a draft until delivered) and the
    election committee's proposal."""
    arsmelding = Arsmelding.objects.filter(arsmote=arsmote).first()
    return {
        "arsmote": arsmote,
        "saker": arsmote.saker(),
        "arsmelding": arsmelding if arsmelding and arsmelding.tekst.strip() else None,
        "valgforslag": valgforslag_linjer(arsmote),
    }


def papirlenke(arsmote: Arsmote, medlem_id: int) -> str:
    """The member's own signed link to the papers (no login)."""
    token = svar.token_for(SVAR_ART, a=arsmote.pk, m=medlem_id)
    return settings.SITE_URL + reverse("svar", kwargs={"token": token})


def fra_token(payload: dict) -> Arsmote | None:
    """The meeting a papers link opens, while the member it names is an active member of the
    meeting's chapter; None otherwise."""
    arsmote_id, medlem_id = payload.get("a"), payload.get("m")
    if not isinstance(arsmote_id, int) or not isinstance(medlem_id, int):
        return None
    arsmote = Arsmote.objects.select_related("lokallag").filter(pk=arsmote_id).first()
    medlem = Medlem.objects.filter(pk=medlem_id).first()
    if arsmote is None or medlem is None or not er_medlem_i(medlem, arsmote):
        return None
    return arsmote


def venter_godkjenning(today: datetime.date | None = None) -> list[Innkallingsstatus]:
    """The late notices waiting for an admin's approval (a fixed number of queries)."""
    today = today or timezone.localdate()
    rows = (
        Arsmote.objects.filter(
            innkalling_sendt__isnull=True,
            sen_innkalling_godkjent__isnull=True,
            dato__gt=today,
        )
        .exclude(sen_innkalling_grunn="")
        .select_related("lokallag")
        .order_by("dato", "lokallag__navn")
    )
    days = dict(Arsmoteoppsett.objects.values_list("aar", "varsel_dager"))
    found = [Innkallingsstatus(a, days.get(a.aar, STANDARD_VARSEL_DAGER), today) for a in rows]
    return [s for s in found if s.venter_godkjenning]


# --- Writing -------------------------------------------------------------------------------


def _styrer(bruker, arsmote: Arsmote) -> None:
    if not kan_styre(bruker, arsmote):
        raise PermissionDenied


@transaction.atomic
def innkalling_lagre(
    *, arsmote: Arsmote, bruker, innledning: str, andre_saker: str, request=None
) -> Arsmote:
    """Save the leader's introduction and the chapter's own items (the statutory items are
    always on the agenda). A sent notice is not changed: the members have it."""
    _styrer(bruker, arsmote)
    arsmote = Arsmote.objects.select_for_update().get(pk=arsmote.pk)
    if arsmote.innkalling_sendt is not None:
        raise ValidationError(_("Innkallingen er sendt og kan ikke endres."))
    if arsmote.er_holdt:
        raise ValidationError(_("Årsmøtet er holdt."))
    arsmote.innledning = innledning.strip()
    arsmote.andre_saker = "\n".join(
        line.strip() for line in andre_saker.splitlines() if line.strip()
    )
    arsmote.save(update_fields=["innledning", "andre_saker", "endret"])
    audit.log(
        request,
        AuditAction.UPDATE,
        obj=arsmote,
        user=bruker,
        data={"felt": ["innledning", "andre_saker"]},
    )
    return arsmote


def _neste_nummer(arsmote: Arsmote) -> int:
    """The number of this meeting's next notice: one past the highest so far."""
    used = Paaminnelse.objects.filter(
        art=Art.ARSMOTE_INNKALLING, anledning__startswith=f"arsmote-{arsmote.pk}-"
    ).values_list("anledning", flat=True)
    numbers = [int(m.group(2)) for a in used if (m := _ANLEDNING.match(a))]
    return max(numbers, default=0) + 1


@dataclass(frozen=True)
class Utsendelse:
    epost: int
    brev: int
    anledning: str


@transaction.atomic
def innkalling_send(*, arsmote: Arsmote, bruker, request=None) -> Utsendelse:
    """Send the notice: one delivery row per active member of the chapter with an e-mail
    address (the reminders' sender mails them after the commit). Refused before date and
    place are set, for a past meeting, and when later than the minimum without approval."""
    _styrer(bruker, arsmote)
    arsmote = Arsmote.objects.select_for_update().select_related("lokallag").get(pk=arsmote.pk)
    now = status(arsmote)
    if not now.kan_sendes:
        raise ValidationError(now.mangler)
    anledning = f"arsmote-{arsmote.pk}-{_neste_nummer(arsmote)}"
    rows = [
        Paaminnelse(art=Art.ARSMOTE_INNKALLING, anledning=anledning, mottaker=medlem)
        for medlem in mottakere_epost(arsmote).only("pk")
    ]
    Paaminnelse.objects.bulk_create(rows, ignore_conflicts=True)
    brev = mottakere_brev(arsmote).count()
    arsmote.innkalling_sendt = timezone.now()
    arsmote.innkalling_sendt_av = bruker
    arsmote.save(update_fields=["innkalling_sendt", "innkalling_sendt_av", "endret"])
    audit.log(
        request,
        AuditAction.UPDATE,
        obj=arsmote,
        user=bruker,
        data={
            "innkalling": "sendt",
            "anledning": anledning,
            "epost": len(rows),
            "brev": brev,
            "sen_godkjent": now.sen,
        },
    )
    if rows:
        transaction.on_commit(
            functools.partial(sending.sender_snart_etter_commit, len(rows)), robust=True
        )
    return Utsendelse(epost=len(rows), brev=brev, anledning=anledning)


def _varsle_admins(arsmote: Arsmote, grunn: str, bruker) -> None:
    addresses = list(admin_brukere().values_list("email", flat=True))
    if not addresses:
        return
    context = {
        "arsmote": arsmote,
        "lag": arsmote.lokallag.navn,
        "grunn": grunn,
        "fra": bruker.get_full_name() or bruker.email,
        "godkjenning_url": settings.SITE_URL + reverse("arsmote:godkjenning"),
    }
    send_mail_template("arsmote_sen_innkalling", addresses, context)


@transaction.atomic
def sen_innkalling_be_om(*, arsmote: Arsmote, bruker, grunn: str, request=None) -> Arsmote:
    """The leader asks the admins to approve a late notice, saying why; the admins get a
    mail (after the commit)."""
    _styrer(bruker, arsmote)
    arsmote = Arsmote.objects.select_for_update().select_related("lokallag").get(pk=arsmote.pk)
    grunn = grunn.strip()
    if not grunn:
        raise ValidationError({"grunn": _("Skriv hvorfor innkallingen kommer sent.")})
    now = status(arsmote)
    if now.sendt:
        raise ValidationError(_("Innkallingen er alt sendt."))
    if arsmote.dato is None:
        raise ValidationError(_("Sett dato og sted for møtet før innkallingen sendes."))
    if not now.sen:
        raise ValidationError(_("Innkallingen er ikke sen; den trenger ingen godkjenning."))
    if now.godkjent:
        raise ValidationError(_("Den sene innkallingen er alt godkjent."))
    arsmote.sen_innkalling_grunn = grunn
    arsmote.save(update_fields=["sen_innkalling_grunn", "endret"])
    audit.log(
        request,
        AuditAction.UPDATE,
        obj=arsmote,
        user=bruker,
        data={"felt": ["sen_innkalling_grunn"]},
    )
    transaction.on_commit(functools.partial(_varsle_admins, arsmote, grunn, bruker), robust=True)
    return arsmote


@transaction.atomic
def sen_innkalling_godkjenn(*, arsmote: Arsmote, bruker, request=None) -> Arsmote:
    """An admin approves a late notice that the leader asked for."""
    if not access_for(bruker).is_admin:
        raise PermissionDenied
    arsmote = Arsmote.objects.select_for_update().get(pk=arsmote.pk)
    if not status(arsmote).venter_godkjenning:
        raise ValidationError(_("Denne innkallingen venter ikke på godkjenning."))
    arsmote.sen_innkalling_godkjent = timezone.now()
    arsmote.sen_innkalling_godkjent_av = bruker
    arsmote.save(update_fields=["sen_innkalling_godkjent", "sen_innkalling_godkjent_av", "endret"])
    audit.log(
        request,
        AuditAction.UPDATE,
        obj=arsmote,
        user=bruker,
        data={"felt": ["sen_innkalling_godkjent"]},
    )
    return arsmote


def innkalling_brev_pdf(*, arsmote: Arsmote, bruker, request=None) -> bytes:
    """The printed letters: one page per active member without an e-mail address, with the
    name and postal address on top and the whole notice (the papers' link cannot be followed
    on paper). An export of member data: audited."""
    _styrer(bruker, arsmote)
    if arsmote.dato is None or not arsmote.sted:
        raise ValidationError(_("Sett dato og sted for møtet før innkallingen skrives ut."))
    medlemmer = list(mottakere_brev(arsmote).order_by("etternavn", "fornavn", "pk"))
    html = render_to_string(
        "aktiviteter/arsmote/innkalling_brev_pdf.html",
        {**sakspapirer(arsmote), "medlemmer": medlemmer},
    )
    from weasyprint import HTML  # heavy import: only when a PDF is asked for

    pdf = HTML(string=html).write_pdf()
    audit.log(
        request,
        AuditAction.EXPORT,
        obj=arsmote,
        user=bruker,
        data={"innkalling_brev": len(medlemmer), "lokallag": arsmote.lokallag_id},
    )
    return pdf


# --- The mail ------------------------------------------------------------------------------


def innkalling_innhold(row: Paaminnelse, felles: dict) -> dict | Hopp:
    """What one member's notice says (registered for ``Art.ARSMOTE_INNKALLING``): the
    meeting as it is when the mail goes, and the member's own link to the papers. Only the
    meeting and the recipient: never other members' data."""
    match = _ANLEDNING.match(row.anledning)
    if match is None:
        return Hopp(_("Ukjent årsmøte."))
    arsmote_id, nummer = int(match.group(1)), int(match.group(2))
    key = f"arsmote-{arsmote_id}"
    if key not in felles:  # read once per batch
        meeting = Arsmote.objects.select_related("lokallag").filter(pk=arsmote_id).first()
        felles[key] = (meeting, _neste_nummer(meeting) - 1 if meeting else 0)
    arsmote, siste = felles[key]
    if arsmote is None:
        return Hopp(_("Ukjent årsmøte."))
    if arsmote.innkalling_sendt is None or nummer != siste:
        return Hopp(_("Møtet er flyttet; en ny innkalling sendes."))
    if arsmote.dato is None or arsmote.dato < timezone.localdate():
        return Hopp(_("Møtet er holdt."))
    if not er_medlem_i(row.mottaker, arsmote):
        return Hopp(_("Ikke lenger medlem i laget."))
    return {
        "arsmote": arsmote,
        "lag": arsmote.lokallag.navn,
        "saker": arsmote.saker(),
        "papirer_url": papirlenke(arsmote, row.mottaker_id),
    }
