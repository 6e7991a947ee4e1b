"""Members' rights: access to their data, erasure without traces, retention on schedule."""

import datetime

import pytest
import time_machine
from django.apps import apps
from django.db import models
from django.utils import timezone

from buskerud_sp.core.audit import verify_chain
from buskerud_sp.core.models import AuditAction, AuditEntry
from lokallag.models import Rolle
from medlemmer import innsyn, personvern
from medlemmer.models import Medlem
from tests.conftest import PASSWORD, login_reauthenticated
from tests.factories import MedlemFactory, MedlemsimportFactory, UserFactory, VervFactory

pytestmark = pytest.mark.django_db


def test_every_model_pointing_at_a_member_is_exported_or_excluded():
    pointers = {
        (model._meta.label_lower, field.name)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.ForeignKey | models.OneToOneField | models.ManyToManyField)
        and not (field.many_to_many and field.remote_field.through._meta.auto_created is False)
        and field.related_model is Medlem
    }
    assert pointers, "the walk found no relation at all"
    unaccounted = pointers - innsyn.COVERED - set(innsyn.NOT_EXPORTED)
    assert not unaccounted, f"Not in the data export and not excluded with a reason: {unaccounted}"


_login = login_reauthenticated


def test_member_downloads_own_data_as_json(client, org, member_user):
    medlem = member_user.medlem
    VervFactory(medlem=medlem, enhet=org.lag_a, rolle=Rolle.VERVEKONTAKT)
    _login(client, "medlem@test.no")
    response = client.get(f"/medlemmer/{medlem.pk}/innsyn.json")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    data = response.json()
    assert data["medlemskap"]["epost"] == "medlem@test.no"
    assert data["verv"][0]["rolle"] == "Vervekontakt"
    assert data["innlogging"]["e-post"] == "medlem@test.no"
    assert AuditEntry.objects.filter(
        action=AuditAction.ACCESS_REQUEST, medlem_id=medlem.pk
    ).exists()


def test_export_asks_for_the_password_again_after_a_while(client, member_user):
    _login(client, "medlem@test.no")
    url = f"/medlemmer/{member_user.medlem.pk}/innsyn/"
    assert client.get(url).status_code == 200
    later = timezone.now() + datetime.timedelta(hours=1)
    with time_machine.travel(later):
        response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/reauthenticate/")


def test_access_page_shows_the_phone_as_people_write_it(client, member_user):
    """The page is for the member to read: «959 42 026»; the JSON keeps E.164 for machines."""
    medlem = member_user.medlem
    Medlem.objects.filter(pk=medlem.pk).update(telefon="+4795942026")
    _login(client, "medlem@test.no")
    page = client.get(f"/medlemmer/{medlem.pk}/innsyn/").content.decode()
    assert "959 42 026" in page
    assert "+4795942026" not in page
    data = client.get(f"/medlemmer/{medlem.pk}/innsyn.json").json()
    assert data["medlemskap"]["telefon"] == "+4795942026"


def test_member_cannot_download_another_members_data(client, org, member_user):
    other = MedlemFactory(lokallag=org.lag_a)
    _login(client, "medlem@test.no")
    assert client.get(f"/medlemmer/{other.pk}/innsyn.json").status_code == 404


def _rows_containing(*needles: str) -> list[str]:
    """Search every text and JSON column of every table for the needles (JSON is compared as
    text in Python, so that the search does not depend on how a database stores it)."""
    import json

    hits = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.JSONField):
                values = model._default_manager.values_list(field.attname, flat=True)
                texts = [json.dumps(v, ensure_ascii=False, default=str).lower() for v in values]
            elif isinstance(field, models.CharField | models.TextField):
                texts = [
                    str(v).lower()
                    for v in model._default_manager.values_list(field.attname, flat=True)
                    if v
                ]
            else:
                continue
            for needle in needles:
                if any(needle.lower() in text for text in texts):
                    hits.append(f"{model._meta.label}.{field.name} contains {needle!r}")
    return hits


def test_erasure_leaves_no_trace_but_keeps_the_counts(client, org, admin_user, leader_a):
    user = UserFactory(email="sigrun.sporlos@eksempel.no")
    medlem = MedlemFactory(
        lokallag=org.lag_a,
        fornavn="Sigrun",
        etternavn="Sporløs",
        epost="sigrun.sporlos@eksempel.no",
        telefon="97531864",
        innmeldt=datetime.date(2024, 3, 1),
        bruker=user,
    )
    VervFactory(medlem=medlem, enhet=org.lag_a, rolle=Rolle.KASSERER)
    # An import report names her, next to another member who must stay.
    MedlemsimportFactory(
        opprettet_av=admin_user,
        fil=b"",
        rapport={"endret": ["Sigrun Sporløs: telefon", "Ola Blir: e-post"], "avvist": []},
    )
    # Her name is in the audit trail: she logged in, and her leader searched for her.
    client.post("/konto/login/", {"login": "sigrun.sporlos@eksempel.no", "password": PASSWORD})
    client.force_login(leader_a)
    client.get("/medlemmer/?q=Sporløs")
    client.get(f"/medlemmer/{medlem.pk}/")
    assert _rows_containing("Sporløs", "sigrun.sporlos", "97531864")

    _login(client, "admin@test.no")
    response = client.post(f"/medlemmer/{medlem.pk}/anonymiser/", {"bekreft": "on"})
    assert response.status_code == 302

    assert _rows_containing("Sporløs", "sigrun.sporlos", "97531864", "Sigrun") == []
    assert _rows_containing("Ola Blir")  # others' data stays
    medlem.refresh_from_db()
    assert medlem.anonymisert and medlem.navn == "Anonymisert medlem"
    assert Medlem.objects.innmeldt_i(2024).filter(pk=medlem.pk).exists()  # still recruited in 2024
    assert verify_chain() is None
    assert AuditEntry.objects.filter(action=AuditAction.ERASE, medlem_id=medlem.pk).exists()


def test_erasure_needs_the_confirmation(client, org, admin_user):
    medlem = MedlemFactory(lokallag=org.lag_a)
    _login(client, "admin@test.no")
    response = client.post(f"/medlemmer/{medlem.pk}/anonymiser/", {})
    assert response.status_code == 200
    assert "Kryss av for å bekrefte." in str(response.context["form"].errors["bekreft"])
    medlem.refresh_from_db()
    assert medlem.anonymisert is None


def test_retention_anonymises_exactly_those_who_left_without_archive_consent(org, settings):
    settings.RETENTION_LEFT_GRACE_DAYS = 0
    left = MedlemFactory(lokallag=org.lag_a, utmeldt=datetime.date(2026, 3, 1))
    archived = MedlemFactory(
        lokallag=org.lag_a, utmeldt=datetime.date(2026, 3, 1), samtykke_arkiv=True
    )
    leaves_later = MedlemFactory(lokallag=org.lag_a, utmeldt=datetime.date(2026, 3, 20))
    stays = MedlemFactory(lokallag=org.lag_a)
    with time_machine.travel(datetime.datetime(2026, 3, 10, 3, 0, tzinfo=datetime.UTC)):
        assert list(personvern.retention_plan().to_anonymise) == [left]
        assert personvern.apply_retention()["anonymisert"] == 1
    for m in (left, archived, leaves_later, stays):
        m.refresh_from_db()
    assert left.anonymisert and not archived.anonymisert
    assert not leaves_later.anonymisert and not stays.anonymisert
    with time_machine.travel(datetime.datetime(2026, 3, 21, 3, 0, tzinfo=datetime.UTC)):
        personvern.apply_retention()
    leaves_later.refresh_from_db()
    assert leaves_later.anonymisert


def test_dues_six_months_overdue_are_flagged_and_mailed(org, admin_user, mailoutbox, settings):
    from medlemmer.tasks import apply_retention

    settings.RETENTION_DUES_MONTHS = 6
    overdue = MedlemFactory(lokallag=org.lag_a, kontingent_betalt_til=datetime.date(2025, 12, 31))
    MedlemFactory(lokallag=org.lag_a, kontingent_betalt_til=datetime.date(2026, 6, 30))
    with time_machine.travel(datetime.datetime(2026, 7, 15, 3, 0, tzinfo=datetime.UTC)):
        assert list(personvern.retention_plan().dues_overdue) == [overdue]
        result = apply_retention()
    assert result == {"anonymisert": 0, "kontingent_forfalt": 1}
    assert len(mailoutbox) == 1
    assert overdue.etternavn not in mailoutbox[0].body  # names stay in the portal
    assert "/medlemmer/personvern/" in mailoutbox[0].body


def test_ending_membership_with_delete_anonymises_at_once(client, org, admin_user):
    medlem = MedlemFactory(lokallag=org.lag_a, innmeldt=datetime.date(2020, 1, 1))
    _login(client, "admin@test.no")
    response = client.post(
        f"/medlemmer/{medlem.pk}/utmelding/",
        {"utmeldt": timezone.localdate().isoformat(), "slett_opplysninger": "on"},
    )
    assert response.status_code == 302
    medlem.refresh_from_db()
    assert medlem.anonymisert is not None and medlem.epost is None


def _populated(org, member_user):
    medlem = member_user.medlem
    Medlem.objects.filter(pk=medlem.pk).update(
        fodselsdato=datetime.date(1970, 2, 1), samtykke_paaminnelser=True, samtykke_arkiv=False
    )
    VervFactory(
        medlem=medlem, enhet=org.lag_a, rolle=Rolle.VERVEKONTAKT, fra_dato=datetime.date(2025, 1, 5)
    )
    return medlem


RAW = ("fodselsdato", "samtykke_paaminnelser", "True", "False", "[]", "None", "Vervedemedlemmer")


def test_the_access_page_reads_as_norwegian_not_as_debug_output(client, org, member_user):
    medlem = _populated(org, member_user)
    _login(client, "medlem@test.no")
    response = client.get(f"/medlemmer/{medlem.pk}/innsyn/")
    html = response.content.decode()
    for raw in RAW:
        assert raw not in html, raw
    titles = [part.title for part in response.context["sections"]]
    assert "Medlemmer du har vervet" in titles and "Oppslag og endringer" in titles
    assert "<dt>Fødselsdato</dt><dd>1. februar 1970</dd>" in html
    assert "<dt>Samtykker til påminnelser på e-post</dt><dd>ja</dd>" in html
    assert "<dt>Fra</dt><dd>5. januar 2025</dd>" in html
    verved = next(p for p in response.context["sections"] if p.key == "vervede_medlemmer")
    assert verved.tom == "Ingen registrert"
    assert "Ingen registrert" in html


def test_every_key_of_every_section_has_a_heading_and_a_label(org, member_user):
    """Each app registers its sections' headings and labels: none falls back to the raw key."""
    data = innsyn.member_data(_populated(org, member_user))
    assert set(data) <= set(innsyn.TITLES)
    keys = {
        k for v in data.values() for row in (v if isinstance(v, list) else [v or {}]) for k in row
    }
    assert keys <= set(innsyn.LABELS), keys - set(innsyn.LABELS)


def test_the_text_export_says_the_same_in_words(client, org, member_user):
    medlem = _populated(org, member_user)
    _login(client, "medlem@test.no")
    response = client.get(f"/medlemmer/{medlem.pk}/innsyn.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment")
    text = response.content.decode()
    for raw in RAW:
        assert raw not in text, raw
    assert "== Medlemmer du har vervet ==\nIngen registrert" in text
    assert "Fødselsdato: 1. februar 1970" in text
    assert "Rolle: Vervekontakt" in text
