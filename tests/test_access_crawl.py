"""Each chapter leader requests every object URL with every object id of the demo organisation
that belongs to another chapter: every answer must be 404 (or 403), never the object.

Objects "of another chapter" are defined here from the data (the object's own chapter), not
through ``visible_to``, so that the rule under test does not decide its own test.
"""

import time

import pytest
from django.urls import reverse

from aktiviteter.models import (
    AdHocGruppe,
    Aktivitet,
    Besok,
    Datoplanpunkt,
    Maal,
    Medieoppslag,
    Paaminnelse,
    Paaminnelsesregel,
    Studietiltak,
)
from buskerud_sp.demodata import load_all
from lokallag.models import Lokallag, Niva, Verv
from lokallag.oppfolging.models import Oppfolging
from medlemmer.models import Medlem, Medlemsimport
from tests.test_permissions import MATRIX

pytestmark = pytest.mark.django_db


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
}

# Object URLs that another chapter's leader may legitimately open.
READABLE_BY_ALL_LEADERS = {"lokallag:detail"}


def test_every_object_url_is_crawled():
    object_urls = {
        name
        for name in MATRIX
        # The calendar feed's and the unsubscribe link's tokens are secrets per person,
        # not objects of a chapter.
        if name not in ("kalender_feed", "datoplan:unsubscribe") and _has_object_kwargs(name)
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


@pytest.mark.parametrize(
    "email", ["leder.drammen@demo.buskerudsp.no", "leder.gol@demo.buskerudsp.no"]
)
def test_leaders_get_404_for_every_object_of_another_chapter(client, settings, email):
    load_all(password="demo-passord-2024")
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(email=email)
    own = user.medlem.lokallag
    client.force_login(user)
    requests = 0
    leaks = []
    started = time.monotonic()
    for name, (objects_of_others, kwargs_for) in OBJECT_URLS.items():
        method = MATRIX[name][2]
        for obj in objects_of_others(own):
            url = reverse(name, kwargs=kwargs_for(obj))
            status = getattr(client, method)(url).status_code
            requests += 1
            if status not in (403, 404):
                leaks.append(f"{method.upper()} {url} -> {status}")
    print(
        f"\n{email}: {requests} requests for other chapters' objects, "
        f"{len(leaks)} answers other than 403/404 ({time.monotonic() - started:.0f} s)"
    )
    assert requests > 1000
    assert leaks == []
