"""Every form of the portal that comes back with errors starts the page with the error summary
(templates/error_summary.html through base.html): the title says «Feil:», each error is a link
to an element of the page, and pages without errors carry neither."""

import re

import pytest
from django.contrib.auth import get_user_model

from aktiviteter.aktivitet.models import Aktivitet
from aktiviteter.dashbord.models import Maal
from aktiviteter.datoplan.models import Datoplanpunkt
from aktiviteter.paaminnelser.models import Paaminnelsesregel
from aktiviteter.studier.models import Studietiltak
from lokallag.models import Lokallag, Verv
from medlemmer.models import Medlem

pytestmark = pytest.mark.django_db

# Any key makes the POST non-empty: views bind their form to ``request.POST or None``.
JUNK = {"ugyldig": "1"}


def _form_urls() -> dict[str, str]:
    chapter = Lokallag.objects.exclude(distrikt=None).order_by("pk").first()
    aktivitet = Aktivitet.objects.filter(studietiltak=None).order_by("pk").first()
    course = Studietiltak.objects.order_by("pk").first()
    session = Aktivitet.objects.exclude(studietiltak=None).order_by("pk").first()
    punkt = Datoplanpunkt.objects.order_by("pk").first()
    verv = Verv.objects.order_by("pk").first()
    medlem = Medlem.objects.order_by("pk").first()
    return {
        "aktivitet, ny": "/aktiviteter/ny/?type=styremote",
        "aktivitet, endre": f"/aktiviteter/{aktivitet.pk}/endre/",
        "aktivitet, gjennomført": f"/aktiviteter/{aktivitet.pk}/gjennomfort/",
        "aktivitet, besøk": f"/aktiviteter/{aktivitet.pk}/besok/",
        "kurs, nytt": "/aktiviteter/studier/ny/",
        "kurs, endre": f"/aktiviteter/studier/{course.pk}/endre/",
        "kurs, deltaker": f"/aktiviteter/studier/{course.pk}/deltaker/",
        "kurs, ny samling": f"/aktiviteter/studier/{course.pk}/samling/",
        "kurs, endre samling": f"/aktiviteter/studier/{session.studietiltak_id}/samling/{session.pk}/",
        "adhoc-gruppe": "/aktiviteter/grupper/ny/",
        "medieoppslag": "/aktiviteter/medier/ny/",
        "reiserunde": "/aktiviteter/besok/planlegg/",
        "mål, nytt": "/dashbord/maal/ny/",
        "mål, endre": f"/dashbord/maal/{Maal.objects.order_by('pk').first().pk}/endre/",
        "datoplan, nytt punkt": "/datoplan/ny/",
        "datoplan, endre punkt": f"/datoplan/{punkt.pk}/endre/",
        "datoplan, avholdt": f"/datoplan/{punkt.pk}/avholdt/",
        "påminnelsesregel": f"/datoplan/regler/{Paaminnelsesregel.objects.order_by('pk').first().pk}/",
        "oppfølging, ny": "/oppfolging/ny/",
        "oppfølging, ansvar": f"/oppfolging/lag/{chapter.slug}/ansvar/",
        "verv, nytt": f"/lokallag/{chapter.slug}/verv/ny/",
        "verv, avslutt": f"/lokallag/{verv.enhet.slug}/verv/{verv.pk}/avslutt/",
        "medlem, nytt": "/medlemmer/ny/",
        "medlem, endre": f"/medlemmer/{medlem.pk}/endre/",
        "medlem, utmelding": f"/medlemmer/{medlem.pk}/utmelding/",
        "medlemsimport": "/medlemmer/import/",
        "passord": "/konto/password/change/",
    }


def _summary(body: str) -> str:
    match = re.search(r'<div class="error-summary".*?</ul>', body, re.S)
    assert match, "no error summary"
    return match.group(0)


def _assert_summary_links_resolve(body: str) -> None:
    summary = _summary(body)
    targets = re.findall(r'href="#([^"]+)"', summary)
    assert targets, summary
    ids = set(re.findall(r'\bid="([^"]+)"', body))
    assert set(targets) <= ids, set(targets) - ids


@pytest.fixture
def admin_client(client, demo_org):
    client.force_login(get_user_model().objects.filter(is_superuser=True).order_by("pk").first())
    return client


def test_every_form_with_errors_starts_with_the_summary(admin_client):
    for name, url in _form_urls().items():
        response = admin_client.post(url, {**JUNK, "type": "styremote"})
        assert response.status_code == 200, name
        body = response.content.decode()
        assert "<title>Feil: " in body, name
        assert 'tabindex="-1"' in _summary(body), name
        assert "Det er feil i skjemaet" in body, name
        # The summary comes first in <main>, before the page's own heading.
        assert body.index("error-summary") < body.index("<h1"), name
        _assert_summary_links_resolve(body)


def test_forms_without_errors_have_neither_summary_nor_error_title(admin_client):
    for name, url in _form_urls().items():
        body = admin_client.get(url).content.decode()
        assert "error-summary" not in body, name
        assert "<title>Feil:" not in body, name


def test_a_field_error_links_to_its_field_and_names_it(client, leader_a, org):
    client.force_login(leader_a)
    response = client.post(
        "/aktiviteter/ny/?type=styremote",
        {
            "type": "styremote",
            "enhet": org.lag_a.pk,
            "tittel": "Styremøte",
            "dato": "2026-12-01",
            "starttid": "21:00",
            "sluttid": "19:00",
            "status": "planlagt",
        },
    )
    summary = _summary(response.content.decode())
    assert re.search(r'<a href="#id_sluttid">Til kl\.: Slutt må være etter start\.</a>', summary)


def test_a_non_field_error_links_to_the_forms_first_field(client):
    response = client.post("/konto/login/", {"login": "ingen@test.no", "password": "feil"})
    body = response.content.decode()
    assert "<title>Feil: " in body
    assert '<a href="#id_login">' in _summary(body)
    _assert_summary_links_resolve(body)
