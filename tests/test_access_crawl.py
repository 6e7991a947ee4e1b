"""Each chapter leader requests every object URL with objects of the demo organisation that
belong to another chapter: every answer must be 404 (or 403), never the object.

Objects "of another chapter" are defined here from the data (the object's own chapter), not
through ``visible_to``, so that the rule under test does not decide its own test.

The crawl requests one object of each kind per URL, not every object: a kind is what a view
or an access rule can branch on (the object's choice and yes/no fields, which of its optional
fields are set, whether its dates are past, and the level of the units it points to), so two
objects of the same kind take the same code path. ``CRAWL_EVERY_OBJECT=1`` (``make stress``)
requests every object as before.
"""

import datetime
import os
import time

import pytest
from django.db import models
from django.urls import reverse
from django.utils import timezone

from aktiviteter.aktivitet.models import AdHocGruppe, Aktivitet
from aktiviteter.aktivitet.models.typer import VAKTTYPER
from aktiviteter.arsmote.models import Arsmote, Delegat, Valgforslag
from aktiviteter.dashbord.models import Maal
from aktiviteter.datoplan.models import Datoplanpunkt
from aktiviteter.paaminnelser.models import Paaminnelse, Paaminnelsesregel
from aktiviteter.studier.models import Studietiltak
from aktiviteter.utsendinger.models import Utsending
from aktiviteter.valg.models import Vakt, Vaktpamelding, Valg, Valgkampmaal, Valgresultat
from lokallag.models import Lokallag, Niva, Rolle, Verv
from lokallag.oppfolging.models import Besok, Medieoppslag, Oppfolging
from medlemmer.models import Innmeldingsforslag, Medlem, Medlemsimport
from tests.test_permissions import MATRIX

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uninstrumented_templates")]


def _members(own):
    return Medlem.objects.exclude(lokallag=own)


def _activities(own):
    """Other chapters' activities, less those the leader's chapter hosts or co-hosts."""
    return (
        Aktivitet.objects.filter(enhet__niva=Niva.LOKAL, studietiltak__isnull=True)
        .exclude(enhet=own)
        .exclude(vertslag=own)
        .exclude(medverter__lokallag=own)
    )


def _visits(own):
    return Besok.objects.filter(aktivitet__in=_activities(own))


def _media(own):
    return Medieoppslag.objects.exclude(lokallag=own)


def _follow_ups(own):
    return Oppfolging.objects.exclude(lokallag=own)


def _sessions(own):
    return Aktivitet.objects.filter(studietiltak__isnull=False).exclude(studietiltak__arrangor=own)


def _courses(own):
    return Studietiltak.objects.filter(arrangor__niva=Niva.LOKAL).exclude(arrangor=own)


def _groups(own):
    return AdHocGruppe.objects.filter(enhet__niva=Niva.LOKAL).exclude(enhet=own)


def _chapters(own):
    return Lokallag.objects.lokallag().exclude(pk=own.pk)


def _offices(own):
    return Verv.objects.filter(enhet__niva=Niva.LOKAL).exclude(enhet=own).select_related("enhet")


def _imports(own):
    return Medlemsimport.objects.all()


def _plan_items(own):
    """The county's date plan: everyone reads it, only admins change it."""
    return Datoplanpunkt.objects.all()


def _rules(own):
    return Paaminnelsesregel.objects.all()


def _reminders(own):
    return Paaminnelse.objects.all()


def _targets(own):
    """The county's targets: the board's and the admins' (a leader sees the chapter view)."""
    return Maal.objects.all()


def _meetings(own):
    """Other chapters' annual meetings, and the county's (the board's to handle)."""
    return Arsmote.objects.exclude(lokallag=own)


def _proposals(own):
    return Valgforslag.objects.exclude(arsmote__lokallag=own)


def _delegates(own):
    return Delegat.objects.exclude(arsmote__lokallag=own)


def _messages(own):
    """Other chapters' newsletters and invitations, and the county's (the board's)."""
    return Utsending.objects.exclude(avsender=own)


def _proposals_of_members(own):
    return Innmeldingsforslag.objects.exclude(lokallag=own)


def _campaign_goals(own):
    return Valgkampmaal.objects.exclude(lokallag=own).select_related("lokallag")


def _stands(own):
    """Other chapters' stands: not the county's (every leader reads those), nor those the own
    chapter hosts or co-hosts."""
    return (
        Aktivitet.objects.filter(type__in=VAKTTYPER, enhet__niva=Niva.LOKAL)
        .exclude(enhet=own)
        .exclude(vertslag=own)
        .exclude(medverter__lokallag=own)
    )


def _shifts(own):
    return Vakt.objects.filter(aktivitet__in=_stands(own))


def _signups(own):
    return Vaktpamelding.objects.filter(vakt__in=_shifts(own)).select_related("vakt")


def _elections(own):
    """Elections are the county's: only admins change them or enter their results."""
    return Valg.objects.all()


def _results(own):
    return Valgresultat.objects.all()


by_pk = lambda o: {"pk": o.pk}  # noqa: E731
by_slug = lambda o: {"slug": o.slug}  # noqa: E731

# URL name -> (objects of other chapters, kwargs for one object)
OBJECT_URLS = {
    "medlemmer:detail": (_members, by_pk),
    "medlemmer:edit": (_members, by_pk),
    "medlemmer:end": (_members, by_pk),
    "medlemmer:invite": (_members, by_pk),
    "medlemmer:data_export": (_members, by_pk),
    "medlemmer:data_export_json": (_members, by_pk),
    "medlemmer:data_export_text": (_members, by_pk),
    "medlemmer:erase": (_members, by_pk),
    "medlemmer:import_detail": (_imports, by_pk),
    "aktiviteter:detail": (_activities, by_pk),
    "aktiviteter:edit": (_activities, by_pk),
    "aktiviteter:result": (_activities, by_pk),
    "aktiviteter:delete": (_activities, by_pk),
    "aktiviteter:course_detail": (_courses, by_pk),
    "aktiviteter:course_edit": (_courses, by_pk),
    "aktiviteter:participant_add": (_courses, by_pk),
    "aktiviteter:session_create": (_courses, by_pk),
    "aktiviteter:session_edit": (_sessions, lambda o: {"pk": o.studietiltak_id, "samling": o.pk}),
    "aktiviteter:attendance_xlsx": (_courses, by_pk),
    "aktiviteter:attendance_pdf": (_courses, by_pk),
    "aktiviteter:group_detail": (_groups, by_pk),
    "aktiviteter:group_edit": (_groups, by_pk),
    "aktiviteter:cohosts": (_activities, by_pk),
    "aktiviteter:visit_add": (_activities, by_pk),
    "aktiviteter:visit_delete": (_visits, lambda o: {"pk": o.aktivitet_id, "besok": o.pk}),
    "aktiviteter:media_edit": (_media, by_pk),
    "aktiviteter:media_delete": (_media, by_pk),
    "oppfolging:chapter": (_chapters, by_slug),
    "oppfolging:chapter_settings": (_chapters, by_slug),
    "oppfolging:detail": (_follow_ups, by_pk),
    "oppfolging:edit": (_follow_ups, by_pk),
    "oppfolging:done": (_follow_ups, by_pk),
    "datoplan:edit": (_plan_items, by_pk),
    "datoplan:held": (_plan_items, by_pk),
    "datoplan:cancel": (_plan_items, by_pk),
    "datoplan:reopen": (_plan_items, by_pk),
    "datoplan:rule_edit": (_rules, by_pk),
    "datoplan:retry": (_reminders, by_pk),
    "dashbord:maal_detail": (_targets, by_pk),
    "dashbord:maal_edit": (_targets, by_pk),
    "lokallag:edit": (_chapters, by_slug),
    "lokallag:office_create": (_chapters, by_slug),
    "lokallag:office_end": (_offices, lambda o: {"slug": o.enhet.slug, "pk": o.pk}),
    **{
        f"arsmote:{name}": (_meetings, by_pk)
        for name in (
            "detail",
            "dato",
            "holdt",
            "innkalling",
            "innkalling_endre",
            "innkalling_send",
            "innkalling_brev",
            "innkalling_sen",
            "innkalling_godkjenn",
            "arsmelding",
            "arsmelding_pdf",
            "arsmelding_lever",
            "arsmelding_gjenaapne",
            "valgkomite",
            "valg",
            "delegater",
        )
    },
    **{
        f"utsendinger:{name}": (_messages, by_pk)
        for name in ("detail", "endre", "send", "test", "slett", "invitasjon_endre")
    },
    **{
        f"medlemmer:{name}": (_proposals_of_members, by_pk)
        for name in ("forslag_detail", "forslag_godkjenn", "forslag_avvis")
    },
    "arsmote:valgforslag_slett": (
        _proposals,
        lambda o: {"pk": o.arsmote_id, "forslag_pk": o.pk},
    ),
    **{
        f"valg:{name}": (_campaign_goals, lambda o: {"pk": o.valg_id, "maal_pk": o.pk})
        for name in ("maal_endre", "maal_slett", "maal_rapport")
    },
    "valg:lag": (_campaign_goals, lambda o: {"pk": o.valg_id, "slug": o.lokallag.slug}),
    "valg:edit": (_elections, by_pk),
    **{
        f"valg:{name}": (_stands, by_pk)
        for name in ("stand", "stand_inviter", "vakt_ny", "stand_legg_til")
    },
    **{
        f"valg:{name}": (_shifts, lambda o: {"pk": o.aktivitet_id, "vakt_pk": o.pk})
        for name in ("vakt_endre", "vakt_slett")
    },
    **{
        f"valg:{name}": (_shifts, lambda o: {"vakt_pk": o.pk})
        for name in ("ta_vakt", "gi_fra_vakt")
    },
    "valg:pamelding_fjern": (
        _signups,
        lambda o: {"pk": o.vakt.aktivitet_id, "pamelding_pk": o.pk},
    ),
    "valg:resultat_ny": (_elections, by_pk),
    "valg:resultat_import": (_elections, by_pk),
    **{
        f"valg:{name}": (_results, lambda o: {"pk": o.valg_id, "resultat_pk": o.pk})
        for name in ("resultat_endre", "resultat_slett")
    },
    "arsmote:delegat_fjern": (_delegates, lambda o: {"pk": o.arsmote_id, "delegat_pk": o.pk}),
    "arsmote:delegat_flytt": (_delegates, lambda o: {"pk": o.arsmote_id, "delegat_pk": o.pk}),
}

# Object URLs that another chapter's leader may legitimately open.
# An election's page and plan show a leader their own chapter only; the results are the
# county's public figures.
# The public calendar's events are anyone's.
READABLE_BY_ALL_LEADERS = {
    "lokallag:detail",
    "valg:detail",
    "valg:plan",
    "valg:resultater",
    "valg:vakter",
    "arrangementer:detail",
    "arrangementer:event_ics",
}


def test_every_object_url_is_crawled():
    object_urls = {
        name
        for name in MATRIX
        # The calendar feed's, the unsubscribe link's and the answer links' tokens are secrets
        # per person, not objects of a chapter.
        if name not in ("kalender_feed", "datoplan:unsubscribe", "svar", "utsendinger:avmeld")
        and _has_object_kwargs(name)
    }
    missing = object_urls - set(OBJECT_URLS) - READABLE_BY_ALL_LEADERS
    assert not missing, f"Object URLs the access crawl does not cover: {sorted(missing)}"


def _has_object_kwargs(name: str) -> bool:
    """True for URLs that need an argument (an object's id or slug)."""
    from django.urls import NoReverseMatch

    try:
        reverse(name)
    except NoReverseMatch:
        return True
    return False


@pytest.fixture
def objects_the_demo_lacks(demo_org):
    """Objects of every chapter that the demo has none of, so that their URLs are crawled too:
    an ad hoc group, a proposed new member, a proposal of the election committee, an import."""
    from django.contrib.auth import get_user_model

    from tests.factories import MedlemsimportFactory

    MedlemsimportFactory(opprettet_av=get_user_model().objects.filter(is_superuser=True).first())
    for lag in Lokallag.objects.lokallag():
        AdHocGruppe.objects.create(tema="Reiseliv", enhet=lag, fra_dato=datetime.date(2026, 1, 1))
        Innmeldingsforslag.objects.create(lokallag=lag, fornavn="Nina", etternavn="Ny")
    for arsmote in Arsmote.objects.filter(lokallag__niva=Niva.LOKAL):
        medlem = Medlem.objects.filter(lokallag=arsmote.lokallag).order_by("pk").first()
        if medlem is not None:
            Valgforslag.objects.create(arsmote=arsmote, rolle=Rolle.STYREMEDLEM, medlem=medlem)


EVERY_OBJECT = os.environ.get("CRAWL_EVERY_OBJECT") == "1"


def _kind(obj, niva_of: dict[int, str], today: datetime.date) -> tuple:
    """What a view or an access rule branches on, read from the object's own columns: its
    choices (type, status, role …), which of its links are set (and the level of the units
    they point to), and which of its dates are set and past."""
    kind: list = [type(obj)]
    for field in obj._meta.concrete_fields:
        if field.primary_key or getattr(field, "auto_now", False):
            continue
        if getattr(field, "auto_now_add", False):
            continue
        value = getattr(obj, field.attname)
        if field.is_relation and field.related_model is Lokallag:
            kind.append((field.name, niva_of.get(value)))
        elif field.is_relation or field.choices:
            kind.append((field.name, value if field.choices else value is None))
        elif isinstance(field, models.DateField):
            day = value.date() if isinstance(value, datetime.datetime) else value
            kind.append((field.name, None if day is None else day < today))
    return tuple(kind)


def one_of_each_kind(objects) -> list:
    """The first object (by id) of each kind; every object with ``CRAWL_EVERY_OBJECT=1``."""
    objects = list(objects.order_by("pk"))
    if EVERY_OBJECT:
        return objects
    niva_of = dict(Lokallag.objects.values_list("pk", "niva"))
    today = timezone.localdate()
    first: dict[tuple, object] = {}
    for obj in objects:
        first.setdefault(_kind(obj, niva_of, today), obj)
    return list(first.values())


@pytest.mark.parametrize(
    "email", ["leder.drammen@demo.buskerudsp.no", "leder.gol@demo.buskerudsp.no"]
)
def test_leaders_get_404_for_every_object_of_another_chapter(
    client, settings, email, demo_org, objects_the_demo_lacks
):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(email=email)
    own = user.medlem.lokallag
    client.force_login(user)
    requests, total = 0, 0
    leaks, uncrawled = [], []
    samples: dict = {}
    started = time.monotonic()
    for name, (objects_of_others, kwargs_for) in OBJECT_URLS.items():
        method = MATRIX[name][2]
        if objects_of_others not in samples:
            others = objects_of_others(own)
            total += others.count()
            samples[objects_of_others] = one_of_each_kind(others)
        if not samples[objects_of_others]:
            uncrawled.append(name)
        for obj in samples[objects_of_others]:
            url = reverse(name, kwargs=kwargs_for(obj))
            status = getattr(client, method)(url).status_code
            requests += 1
            if status not in (403, 404):
                leaks.append(f"{method.upper()} {url} -> {status}")
    print(
        f"\n{email}: {requests} requests for {sum(map(len, samples.values()))} of the "
        f"{total} objects of other chapters (one of each kind), "
        f"{len(leaks)} answers other than 403/404 ({time.monotonic() - started:.0f} s)"
    )
    # Every object URL had objects of other chapters to try (the demo's and the fixture's).
    assert uncrawled == []
    assert requests > 400
    assert leaks == []


@pytest.mark.parametrize(
    "email", ["leder.drammen@demo.buskerudsp.no", "leder.gol@demo.buskerudsp.no"]
)
def test_leaders_see_no_other_chapters_participant_by_name(client, email, demo_org):
    """Every activity with named participants from another chapter that the leader may open
    (the county's Tuesday calls and leader meetings, co-hosted and hosted ones): its pages
    name only the leader's own chapter's members. "Another chapter's member" is defined from
    the data, not through ``visible_to``."""
    from django.contrib.auth import get_user_model

    from aktiviteter.aktivitet.models import Deltakelse

    # The county's calls and leader meetings, named from every chapter, as the board records
    # them: one ordinary member of each chapter on the newest few.
    one_per_chapter = [
        Medlem.objects.filter(lokallag=chapter, verv__isnull=True).order_by("pk").first()
        for chapter in Lokallag.objects.lokallag()
    ]
    county_meetings = Aktivitet.objects.filter(
        type__in=["tirsdagsmote", "lokallagsledermote"], enhet__niva=Niva.FYLKE
    ).order_by("-dato")[:6]
    Deltakelse.objects.bulk_create(
        [
            Deltakelse(aktivitet=a, medlem=m)
            for a in county_meetings
            for m in one_per_chapter
            if m is not None
        ],
        ignore_conflicts=True,
    )
    user = get_user_model().objects.get(email=email)
    own = user.medlem.lokallag
    own_names = set(Medlem.objects.filter(lokallag=own).values_list("fornavn", "etternavn"))
    # County officers are named by their role (e.g. «Besøk fra fylket»), not as members.
    county_officers = Verv.objects.filter(enhet__niva=Niva.FYLKE).values("medlem_id")
    foreign = (
        Deltakelse.objects.exclude(medlem__lokallag=own)
        .exclude(medlem__in=county_officers)
        .exclude(medlem__anonymisert__isnull=False)
        .values_list("aktivitet_id", "medlem__fornavn", "medlem__etternavn")
    )
    names_by_activity: dict[int, set[str]] = {}
    for aktivitet_id, fornavn, etternavn in foreign:
        if (fornavn, etternavn) not in own_names:  # a namesake in the own chapter may show
            names_by_activity.setdefault(aktivitet_id, set()).add(f"{fornavn} {etternavn}")
    client.force_login(user)
    opened, leaks = 0, []
    for aktivitet_id, names in sorted(names_by_activity.items()):
        for name in ("aktiviteter:detail", "aktiviteter:result"):
            response = client.get(reverse(name, kwargs={"pk": aktivitet_id}))
            if response.status_code != 200:
                continue
            opened += 1
            html = response.content.decode()
            leaks += [f"{name} {aktivitet_id}: {n}" for n in sorted(names) if n in html]
    print(f"\n{email}: {opened} pages of activities with other chapters' names, {len(leaks)} leaks")
    assert opened > 0
    assert leaks == []
