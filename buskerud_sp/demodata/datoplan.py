"""The date plan of the current year, as the plan's seed lays it out, and the default rules
of the rhythm. Items already in the plan are left as they are (an admin may have moved them);
missing ones are added through the service, so the versions show how the plan was built."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from aktiviteter.aktivitet.models import Aktivitet, Status
from aktiviteter.datoplan.models import Datoplan, Datoplanpunkt, Fase, Malgruppe, Punkttype
from aktiviteter.datoplan.services import datoplanpunkt_lagre
from aktiviteter.paaminnelser.models import Paaminnelsesregel
from lokallag.models import Lokallag, Niva, Rolle, Verv

from .organisation import COUNTY_SLUG
from .people import PERSONAS

P, G = Punkttype, Malgruppe
FOR, ETTER = Fase.FOR_SOMMEREN, Fase.ETTER_SOMMEREN

# (title, type, (month, day), (month, day) or None, phase, audience, responsible role, text)
SEED = [
    (
        "Oppstart valgkamp",
        P.VALGKAMP,
        (1, 12),
        None,
        FOR,
        G.ALLE_LOKALLAG,
        Rolle.FYLKESLEDER,
        "Valgkamputvalget legger fram plan og materiell for lokallaga.",
    ),
    (
        "Reiserunde i lokallaga",
        P.REISERUNDE,
        (3, 2),
        (4, 30),
        FOR,
        G.ALLE_LOKALLAG,
        Rolle.FYLKESLEDER,
        "Toppkandidatene besøker hvert lokallag: avtal dato med fylkeskontoret.",
    ),
    (
        "Kandidatskolering",
        P.KANDIDATSKOLERING,
        (2, 7),
        None,
        FOR,
        G.KANDIDATER,
        Rolle.FYLKESSTUDIELEDER,
        "Skolering for toppkandidatene og listekandidatene.",
    ),
    (
        "Kurs i mediearbeid",
        P.MEDIEKURS,
        (3, 14),
        None,
        FOR,
        G.KANDIDATER,
        Rolle.FYLKESSTUDIELEDER,
        "Lokalmedia, leserinnlegg og sosiale medier.",
    ),
    (
        "Lokallagsledersamling",
        P.LOKALLAGSLEDERSAMLING,
        (4, 18),
        None,
        FOR,
        G.LOKALLAGSLEDERE,
        Rolle.NESTLEDER,
        "Valgkampen lokalt: plan, stands og verving.",
    ),
    (
        "Valgkampåpning",
        P.VALGKAMPAPNING,
        (6, 6),
        None,
        FOR,
        G.ALLE_MEDLEMMER,
        Rolle.FYLKESLEDER,
        "Felles åpning for hele fylket.",
    ),
    (
        "Valgkamp",
        P.VALGKAMP,
        (8, 10),
        (9, 14),
        ETTER,
        G.ALLE_MEDLEMMER,
        None,
        "Stands, dør-til-dør og valgtorg i alle lokallag.",
    ),
    (
        "Samling for nye folkevalgte",
        P.NYE_FOLKEVALGTE,
        (10, 24),
        None,
        ETTER,
        G.KANDIDATER,
        Rolle.FYLKESSTUDIELEDER,
        "Innføring for nyvalgte kommunestyre- og fylkestingsrepresentanter.",
    ),
    (
        "Lokallagsledersamling",
        P.LOKALLAGSLEDERSAMLING,
        (12, 5),
        None,
        ETTER,
        G.LOKALLAGSLEDERE,
        Rolle.NESTLEDER,
        "Evaluering av valget og årshjulet for neste år.",
    ),
]
# A past item nobody has marked held yet: the admins see it flagged.
NOT_YET_MARKED = "Samling for nye folkevalgte"


def _linked_activity(county, type_, day):
    """A held county activity of the same kind within a month, if the demo year has one."""
    month = datetime.timedelta(days=31)
    return (
        Aktivitet.objects.filter(
            enhet=county, type=type_, status=Status.AVHOLDT, dato__range=(day - month, day + month)
        )
        .order_by("dato")
        .first()
    )


@transaction.atomic
def load_datoplan() -> dict[str, int]:
    Paaminnelsesregel.objects.sikre_standard()
    today = timezone.localdate()
    admin = get_user_model().objects.get(email=next(p.email for p in PERSONAS if p.is_admin))
    plan, _ = Datoplan.objects.get_or_create(aar=today.year)
    county = Lokallag.objects.get(slug=COUNTY_SLUG)
    officers = {
        v.rolle: v.medlem
        for v in Verv.objects.aktive(today).filter(enhet__niva=Niva.FYLKE).select_related("medlem")
    }
    added = 0
    for title, type_, start, end, phase, audience, role, text in SEED:
        if plan.punkter.filter(tittel=title, fase=phase).exists():
            continue
        day = datetime.date(today.year, *start)
        last = datetime.date(today.year, *end) if end else None
        punkt = Datoplanpunkt(
            plan=plan,
            tittel=title,
            type=type_,
            fra_dato=day,
            til_dato=last,
            fase=phase,
            malgruppe=audience,
            ansvarlig_enhet=county,
            ansvarlig_person=officers.get(role),
            beskrivelse=text,
        )
        datoplanpunkt_lagre(punkt=punkt, bruker=admin)
        added += 1
        if (last or day) < today and title != NOT_YET_MARKED:
            punkt.status = Status.AVHOLDT
            punkt.aktivitet = _linked_activity(county, type_, day)
            datoplanpunkt_lagre(punkt=punkt, bruker=admin)
    return {"datoplanpunkter": added}
