"""The dashboard runs the same number of queries with 10 and with 100 chapters and with ten
times the members and activities: every target is measured with grouped queries for the whole
county, never one query per chapter."""

import datetime
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from aktiviteter.aktivitet.models import Aktivitet, Deltakelse
from aktiviteter.dashbord.defaults import maal_opprett_standard
from aktiviteter.dashbord.models import Maal
from aktiviteter.datoplan.models import Datoplan, Datoplanpunkt
from aktiviteter.studier.models import Kursdeltaker, Oppmote, Studietiltak
from lokallag.models import Lokallag, Organisasjon, Rolle, Verv
from medlemmer.models import Kjonn, Medlem

pytestmark = pytest.mark.django_db

_serial = itertools.count()


def grow(org, chapters: int, factor: int) -> None:
    """``chapters`` new chapters; per chapter ``3 × factor`` members, ``factor`` each of a
    board meeting and a local-media meeting, and ``factor`` items of the date plan (held,
    planned or cancelled); ``factor`` Tuesday calls, leader meetings and county board meetings
    held out; ``factor`` courses with sessions and attendance."""
    today = timezone.localdate()
    start = datetime.date(today.year, 1, 1)
    span = max((today - start).days, 1)

    def day(i: int) -> datetime.date:
        return start + datetime.timedelta(days=i % span)

    new = Lokallag.objects.bulk_create(
        Lokallag(
            navn=f"Lag {n}",
            slug=f"lag-{n}",
            distrikt=org.distrikt_a if n % 2 else org.distrikt_b,
            organisasjon=Organisasjon.SENTERUNGDOMMEN if n % 5 == 0 else Organisasjon.SENTERPARTIET,
            facebook_url="https://facebook.com/lag",
            facebook_oppdatert=today - datetime.timedelta(days=n % 60),
        )
        for n in (next(_serial) for _ in range(chapters))
    )
    members = Medlem.objects.bulk_create(
        Medlem(
            fornavn="Fornavn",
            etternavn=f"Etternavn {chapter.pk}-{i}",
            lokallag=chapter,
            innmeldt=day(i * 7) if i % 2 else datetime.date(2020, 1, 1),
            utmeldt=day(i * 7 + 30) if i % 5 == 0 and day(i * 7 + 30) > day(i * 7) else None,
            kjonn=Kjonn.KVINNE if i % 3 == 0 else Kjonn.MANN,
            senterungdommen=chapter.organisasjon == Organisasjon.SENTERUNGDOMMEN,
        )
        for chapter in new
        for i in range(3 * factor)
    )
    Verv.objects.bulk_create(
        Verv(medlem=m, enhet=m.lokallag, rolle=rolle, fra_dato=datetime.date(2020, 1, 1))
        for m, rolle in zip(
            members[:: 3 * factor],
            itertools.cycle([Rolle.LEDER, Rolle.SENTERKVINNEKONTAKT]),
            strict=False,
        )
    )
    activities = [
        Aktivitet(type=kind, enhet=chapter, tittel=kind, dato=day(n * 13 + i), status="avholdt")
        for n, chapter in enumerate(new)
        for i in range(factor)
        for kind in ("styremote", "lokalmedia")
    ]
    for i in range(factor):
        serial = next(_serial)
        activities += [
            Aktivitet(
                type="tirsdagsmote",
                enhet=org.fylke,
                tittel="Tirsdagsmøte",
                dato=day(serial),
                deltakerantall=None if serial % 4 == 0 else 20 + serial % 20,
                status="avholdt",
            ),
            Aktivitet(type="lokallagsledermote", enhet=org.fylke, tittel="L", dato=day(i * 40)),
            Aktivitet(
                type="fylkesstyremote",
                enhet=org.fylke,
                tittel="F",
                dato=day(i * 50),
                vertslag=new[i % len(new)],
                kombinert_med_temamote=True,
            ),
        ]
    activities = Aktivitet.objects.bulk_create(activities)
    plan, _created = Datoplan.objects.get_or_create(aar=today.year)
    Datoplanpunkt.objects.bulk_create(
        Datoplanpunkt(
            plan=plan,
            tittel="Punkt",
            type="annet",
            fra_dato=day(n * 11 + i),
            status=("planlagt", "avholdt", "avlyst")[(n + i) % 3],
            ansvarlig_enhet=chapter,
        )
        for n, chapter in enumerate(new)
        for i in range(factor)
    )
    Deltakelse.objects.bulk_create(
        Deltakelse(aktivitet=a, medlem=m)
        for a, m in zip(
            (a for a in activities if a.type in ("tirsdagsmote", "lokallagsledermote")),
            members,
            strict=False,
        )
    )
    for i in range(factor):
        chapter = new[i % len(new)]
        course = Studietiltak.objects.create(
            tittel=f"Kurs {i}",
            studieplan=("gronne_hjulet", "studiering")[i % 2],
            arrangor=chapter,
            kursleder=members[0],
        )
        people = Kursdeltaker.objects.bulk_create(
            Kursdeltaker(studietiltak=course, navn=f"Deltaker {k}", fodselsaar=1980)
            for k in range(4)
        )
        for s in range(2):
            session = Aktivitet.objects.create(
                type="studiesamling",
                enhet=chapter,
                studietiltak=course,
                tittel=course.tittel,
                dato=day(i + s),
                starttid=datetime.time(18),
                sluttid=datetime.time(20),
                status="avholdt",
            )
            Oppmote.objects.bulk_create(
                Oppmote(samling=session, deltaker=p, minutter=120) for p in people
            )


def count_queries(client, url: str) -> int:
    client.get(url)  # the first request of a session creates rows the next ones only read
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize("persona", ["board_user", "admin_user", "leader_b"])
def test_dashboard_query_count_is_flat(client, org, request, persona):
    client.force_login(request.getfixturevalue(persona))
    aar = timezone.localdate().year
    maal_opprett_standard(aar=aar)
    first = Maal.objects.for_aar(aar).first()
    urls = [reverse("dashbord:index"), reverse("dashbord:index") + "?sorter=m3&retning=synkende"]
    if persona != "leader_b":
        urls += ["/", reverse("dashbord:maal_detail", kwargs={"pk": first.pk})]
    grow(org, chapters=10, factor=1)
    small = {url: count_queries(client, url) for url in urls}
    grow(org, chapters=90, factor=10)
    assert Lokallag.objects.lokallag().count() >= 100
    assert Medlem.objects.count() >= 10 * 3 * 10
    large = {url: count_queries(client, url) for url in urls}
    assert large == small


def test_the_exports_query_count_is_flat(client, org, board_user):
    client.force_login(board_user)
    maal_opprett_standard(aar=timezone.localdate().year)
    urls = [reverse("dashbord:pdf"), reverse("dashbord:aarsmelding")]
    grow(org, chapters=10, factor=1)
    small = {url: count_queries(client, url) for url in urls}
    grow(org, chapters=90, factor=10)
    large = {url: count_queries(client, url) for url in urls}
    assert large == small
