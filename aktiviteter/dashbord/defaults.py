"""The targets of «Virksomhetsplan 2023» (Buskerud Senterparti 2023–2024) as defaults for a
plan year, and the service that creates them.

Creating them is idempotent: each default has a ``kode``, and a year that already has a target
with that code keeps it as the admins left it (edited, hidden or not)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from aktiviteter.aktivitet.models import Aktivitetstype
from aktiviteter.dashbord.models import Maal, Maalart, Maaling, Periode
from aktiviteter.studier.models import Studieplan
from buskerud_sp.core import audit
from buskerud_sp.core.audit import AuditContext
from buskerud_sp.core.models import AuditAction
from lokallag.models import Rolle


def valgdag(aar: int) -> datetime.date | None:
    """Election day: Norway votes every odd year (Storting and local elections alternate), on
    the second Monday of September by custom (11.9.2023, 8.9.2025, 13.9.2027)."""
    if aar % 2 == 0:
        return None
    first = datetime.date(aar, 9, 1)
    first_monday = first + datetime.timedelta(days=(7 - first.weekday()) % 7)
    return first_monday + datetime.timedelta(days=7)


@dataclass(frozen=True)
class Standard:
    kode: str
    navn: str
    beskrivelse: str
    maaling: str
    art: str
    maalverdi: Decimal | None = None
    grunnlinje: Decimal | None = None
    periode: str = Periode.AAR
    aktivitetstype: str = ""
    kun_ute_med_temamote: bool = False
    studieplan: str = ""
    rolle: str = ""
    dager: int | None = None
    frist_valgdag: bool = False


def standards() -> list[Standard]:
    M, A = Maaling, Maalart
    return [
        Standard(
            "nye-medlemmer",
            _("Nye medlemmer"),
            _("BSp skal verve 50 nye medlemmer."),
            M.NYE_MEDLEMMER,
            A.ANTALL,
            Decimal(50),
        ),
        Standard(
            "tirsdagsmoter",
            _("Deltakere på tirsdagsmøtene"),
            _("Ha et mål om at minst 30 personer deltar på tirsdagsmøtene."),
            M.DELTAKERE,
            A.TERSKEL,
            Decimal(30),
            aktivitetstype=Aktivitetstype.TIRSDAGSMOTE,
        ),
        Standard(
            "studietimer",
            _("Registrerte studietimer"),
            _("Målet er å øke antall studietimer og at alle studietimer blir registrert."),
            M.STUDIETIMER,
            A.VEKST,
        ),
        Standard(
            "gronne-hjulet",
            _("Lokallag som gjennomfører «Det grønne hjulet»"),
            _("Lokallagene oppfordres til å gjennomføre «det grønne hjulet»."),
            M.KURS,
            A.DEKNING,
            Decimal(100),
            studieplan=Studieplan.DET_GRONNE_HJULET,
        ),
        Standard(
            "studiering",
            _("Studiering startet av studieutvalget"),
            _("Studieutvalget skal i løpet av året ta initiativ til å starte en studiering."),
            M.KURS,
            A.ANTALL,
            Decimal(1),
            studieplan=Studieplan.STUDIERING,
        ),
        Standard(
            "senterkvinnekontakt",
            _("Senterkvinnekontakt i alle lokallag"),
            _("Sørge for at det oppnevnes senterkvinnekontakter i alle lokallag."),
            M.VERV,
            A.DEKNING,
            Decimal(100),
            rolle=Rolle.SENTERKVINNEKONTAKT,
        ),
        Standard(
            "kvinneandel",
            _("Andel kvinner blant medlemmene"),
            _("Kjønnsfordelingen er 37 % kvinner og 63 % menn; andelen kvinner skal opp."),
            M.KVINNEANDEL,
            A.VEKST,
            grunnlinje=Decimal(37),
        ),
        Standard(
            "fylkesstyremote-ute",
            _("Fylkesstyremøte ute i lokallaga"),
            _(
                "Minst ett fylkesstyremøte i halvåret skal legges ut i lokallaga og kombineres "
                "med temamøte eller annet utadretta opplegg."
            ),
            M.AKTIVITETER,
            A.ANTALL,
            Decimal(1),
            periode=Periode.HALVAAR,
            aktivitetstype=Aktivitetstype.FYLKESSTYREMOTE,
            kun_ute_med_temamote=True,
        ),
        Standard(
            "lokallagsledermoter",
            _("Møter med lokallagslederne"),
            _("Det gjennomføres kvartalsvis møter med lokallagslederne."),
            M.AKTIVITETER,
            A.ANTALL,
            Decimal(1),
            periode=Periode.KVARTAL,
            aktivitetstype=Aktivitetstype.LOKALLAGSLEDERMOTE,
        ),
        Standard(
            "aktive-lag",
            _("Lokallag med aktivitet siste 90 dager"),
            _("Det er et mål om høyt politisk engasjement i alle lokallag."),
            M.AKTIVE_LAG,
            A.DEKNING,
            Decimal(100),
            dager=90,
        ),
        Standard(
            "su-medlemmer",
            _("Medlemmer i Senterungdommen"),
            _("Fylkeslaget vil bistå Senterungdommen med rekruttering av medlemmer."),
            M.SU_MEDLEMMER,
            A.VEKST,
        ),
        Standard(
            "su-nye",
            _("Nye medlemmer i Senterungdommen"),
            _("Lokale vervekampanjer for Senterungdommen."),
            M.NYE_SU_MEDLEMMER,
            A.VEKST,
        ),
        Standard(
            "su-lag",
            _("Senterungdommen-lag"),
            _("Styrking av eksisterende og danning av nye lokallag i Senterungdommen."),
            M.SU_LOKALLAG,
            A.VEKST,
        ),
        Standard(
            "lokalmedia",
            _("Møte med lokalmedia før valget"),
            _("Oppfordre lokallagene til å ha møter med lokalmedia i god tid før valget."),
            M.AKTIVITETER,
            A.DEKNING,
            Decimal(100),
            aktivitetstype=Aktivitetstype.LOKALMEDIA,
            frist_valgdag=True,
        ),
        Standard(
            "sosiale-medier",
            _("Oppdaterte sosiale medier"),
            _("Sørge for at både Facebook, Instagram og hjemmesider er oppdatert."),
            M.SOSIALE_MEDIER,
            A.DEKNING,
            Decimal(100),
            dager=30,
        ),
        Standard(
            "datoplan",
            _("Datoplanen følges"),
            _(
                "Datoplanen gjøres konkret og følges opp: punktene holdes eller avlyses, og "
                "ingen punkter står forfalt (passert uten å være markert avholdt)."
            ),
            M.DATOPLAN,
            A.HOYST,
            Decimal(0),
        ),
        Standard(
            "arsmoter",
            _("Årsmøtene i lokallagene i tide"),
            _(
                "Alle lokallag holder årsmøtet, leverer årsmeldingen og registrerer det nye "
                "styret innen fristen fylket har satt før fylkesårsmøtet."
            ),
            M.ARSMOTE,
            A.DEKNING,
            Decimal(100),
        ),
    ]


@transaction.atomic
def maal_opprett_standard(*, aar: int, av=None, ip: str | None = None) -> list[Maal]:
    """Create the plan's targets for the year where missing; returns those created. Each is
    audited when a person asked for them (``av``; the demo data passes none)."""
    created = []
    for order, standard in enumerate(standards(), start=1):
        if Maal.objects.filter(aar=aar, kode=standard.kode).exists():
            continue
        maal = Maal(
            aar=aar,
            kode=standard.kode,
            navn=standard.navn,
            beskrivelse=standard.beskrivelse,
            maaling=standard.maaling,
            art=standard.art,
            maalverdi=standard.maalverdi,
            grunnlinje=standard.grunnlinje,
            periode=standard.periode,
            aktivitetstype=standard.aktivitetstype,
            kun_ute_med_temamote=standard.kun_ute_med_temamote,
            studieplan=standard.studieplan,
            rolle=standard.rolle,
            dager=standard.dager,
            frist=valgdag(aar) if standard.frist_valgdag else None,
            rekkefolge=order * 10,
        )
        maal.full_clean()
        maal.save()
        if av is not None:
            audit.log(
                AuditContext(user=av, ip=ip),
                AuditAction.CREATE,
                obj=maal,
                data={"aar": aar, "kode": maal.kode},
            )
        created.append(maal)
    return created


@transaction.atomic
def maal_lagre(*, maal: Maal, changed: list[str], av, ip: str | None = None) -> Maal:
    """Save a target after checking its rules (the form checked them at the fields), and
    audit which fields changed."""
    action = AuditAction.CREATE if maal.pk is None else AuditAction.UPDATE
    maal.full_clean()
    maal.save()
    audit.log(AuditContext(user=av, ip=ip), action, obj=maal, data={"felt": sorted(changed)})
    return maal
