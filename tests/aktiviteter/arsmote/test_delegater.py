"""Delegates to the county meeting: the allowed number follows the admin's rule and the
chapter's active members; the chapter's officers keep the list within it (only active members
of the chapter, no one twice, never for the county's own meeting); the board reads it; the
admin downloads the list (CSV, PDF) and name tags, each download audited; and the cycle's
records of a member are in their right-of-access report and go on erasure."""

from __future__ import annotations

import csv
import datetime
import io
import re
import shutil
import subprocess

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from aktiviteter.arsmote.models import Arsmote, Delegat, Valgforslag, Valgt
from aktiviteter.arsmote.services import delegater, syklus
from buskerud_sp.core.models import AuditAction, AuditEntry
from lokallag.models import Rolle
from medlemmer import innsyn, personvern
from medlemmer.models import Medlem
from tests.conftest import login_reauthenticated
from tests.factories import LokallagFactory, MedlemFactory, VervFactory

from .conftest import AAR

pytestmark = pytest.mark.django_db
D = datetime.date


def _members(lokallag, n: int, **fields) -> list[Medlem]:
    return MedlemFactory.create_batch(n, lokallag=lokallag, **fields)


def _add(arsmote, medlem, bruker, vara=False):
    return delegater.delegat_legg_til(arsmote=arsmote, medlem=medlem, vara=vara, bruker=bruker)


# --- The allowed number ---------------------------------------------------------------------


def test_allowed_number_is_the_base_plus_one_per_started_block_of_members(
    arsmote_a, arsmote_b, org
):
    # Default rule: 2 per chapter, one more per started 50 members beyond the first 50.
    _members(org.lag_a, 50)
    _members(org.lag_b, 51)
    _members(org.lag_b, 30, utmeldt=D(2026, 6, 1))  # left: not counted
    assert delegater.delegater_tillatt(arsmote_a) == 2
    assert delegater.delegater_tillatt(arsmote_b) == 3
    _members(org.lag_b, 50)  # 101 members
    assert delegater.delegater_tillatt(arsmote_b) == 4


def test_allowed_number_follows_the_admins_rule(oppsett, arsmote_a, arsmote_b, org):
    oppsett.delegater_grunntall, oppsett.delegater_per_medlemmer = 1, 10
    oppsett.save()
    _members(org.lag_a, 9)
    _members(org.lag_b, 35)
    assert delegater.delegater_tillatt(arsmote_a) == 1
    assert delegater.delegater_tillatt(arsmote_b) == 1 + 3
    oppsett.delegater_per_medlemmer = 0  # no extra delegates by size
    oppsett.save()
    assert delegater.delegater_tillatt(arsmote_b) == 1


def test_the_chapter_page_says_how_the_number_is_counted(client, arsmote_a, leader_a, org):
    _members(org.lag_a, 3)  # with the leader: 4 active members
    client.force_login(leader_a)
    page = client.get(f"/arsmote/{arsmote_a.pk}/delegater/").content.decode()
    assert "Laget kan sende 2 delegater" in page
    assert "lagets 4 aktive medlemmer i dag (30. november 2026)" in page


# --- The chapter's list ---------------------------------------------------------------------


def test_adding_over_the_limit_is_refused_with_a_message(arsmote_a, leader_a, org):
    m1, m2, m3, m4, m5 = _members(org.lag_a, 5)
    _add(arsmote_a, m1, leader_a)
    _add(arsmote_a, m2, leader_a)
    with pytest.raises(ValidationError) as error:
        _add(arsmote_a, m3, leader_a)
    assert "Laget kan sende 2 delegater, og listen er full" in str(error.value)
    assert error.value.error_dict.keys() == {"vara"}
    # Deputies up to the same number.
    _add(arsmote_a, m3, leader_a, vara=True)
    _add(arsmote_a, m4, leader_a, vara=True)
    with pytest.raises(ValidationError) as error:
        _add(arsmote_a, m5, leader_a, vara=True)
    assert "listen over vara er full" in str(error.value)
    assert list(arsmote_a.delegater.values_list("medlem_id", "vara", "rekkefolge")) == [
        (m1.pk, False, 1),
        (m2.pk, False, 2),
        (m3.pk, True, 1),
        (m4.pk, True, 2),
    ]


def test_the_form_shows_the_limit_at_the_field_and_saves_nothing(client, arsmote_a, leader_a, org):
    m1, m2, m3 = _members(org.lag_a, 3)
    _add(arsmote_a, m1, leader_a)
    _add(arsmote_a, m2, leader_a)
    client.force_login(leader_a)
    response = client.post(
        f"/arsmote/{arsmote_a.pk}/delegater/", {"medlem": m3.pk, "vara": "delegat"}
    )
    assert response.status_code == 200
    assert "listen er full" in " ".join(response.context["form"].errors["vara"])
    assert arsmote_a.delegater.count() == 2
    # As a deputy it goes in.
    response = client.post(f"/arsmote/{arsmote_a.pk}/delegater/", {"medlem": m3.pk, "vara": "vara"})
    assert response.status_code == 302
    assert arsmote_a.delegater.get(medlem=m3).vara


def test_only_active_members_of_the_chapter(arsmote_a, leader_a, admin_user, org):
    other_chapter = MedlemFactory(lokallag=org.lag_b)
    left = MedlemFactory(lokallag=org.lag_a, utmeldt=D(2026, 10, 1))
    for medlem in (other_chapter, left):
        with pytest.raises(ValidationError) as error:
            _add(arsmote_a, medlem, admin_user)
        assert "er ikke aktivt medlem av Drammen Senterparti" in str(error.value)
        assert error.value.error_dict.keys() == {"medlem"}
    assert not arsmote_a.delegater.exists()


def test_a_leader_cannot_post_another_chapters_member(client, arsmote_a, leader_a, org):
    other = MedlemFactory(lokallag=org.lag_b)
    client.force_login(leader_a)
    response = client.post(
        f"/arsmote/{arsmote_a.pk}/delegater/", {"medlem": other.pk, "vara": "delegat"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["medlem"]
    assert other.navn not in response.content.decode()  # not offered either
    assert not arsmote_a.delegater.exists()


def test_no_one_twice(arsmote_a, leader_a, org):
    medlem = MedlemFactory(lokallag=org.lag_a, fornavn="Kari", etternavn="Dobbel")
    _add(arsmote_a, medlem, leader_a)
    with pytest.raises(ValidationError) as error:
        _add(arsmote_a, medlem, leader_a, vara=True)
    assert "Kari Dobbel står allerede på listen" in str(error.value)
    assert arsmote_a.delegater.count() == 1


def test_the_county_meeting_takes_no_delegates(oppsett, org, admin_user, board_user):
    county = Arsmote.objects.get(lokallag=org.fylke, aar=AAR)
    medlem = MedlemFactory(lokallag=org.fylke)
    with pytest.raises(ValidationError) as error:
        _add(county, medlem, admin_user)
    assert "delegatene kommer fra lokallagene" in str(error.value)
    assert delegater.delegater_tillatt(county) == 0


def test_no_delegates_before_the_years_rules(org, leader_a, clock):
    syklus.arsmoter_sikre(AAR)
    arsmote = Arsmote.objects.get(lokallag=org.lag_a, aar=AAR)
    with pytest.raises(ValidationError) as error:
        _add(arsmote, MedlemFactory(lokallag=org.lag_a), leader_a)
    assert "ikke satt reglene" in str(error.value)


def test_access_to_the_chapters_list(client, arsmote_a, personas, org):
    medlem = MedlemFactory(lokallag=org.lag_a, fornavn="Per", etternavn="Delegatsen")
    delegat = _add(arsmote_a, medlem, personas["leader_a"])
    url = f"/arsmote/{arsmote_a.pk}/delegater/"
    for outsider in ("leader_b", "member"):
        client.force_login(personas[outsider])
        assert client.get(url).status_code == 404, outsider
        assert client.post(f"{url}{delegat.pk}/fjern/").status_code == 404, outsider
    # The board reads, without the form or buttons, and a crafted POST changes nothing.
    client.force_login(personas["board"])
    page = client.get(url)
    assert page.status_code == 200
    assert "Per Delegatsen" in page.content.decode()
    assert page.context["form"] is None
    assert "/fjern/" not in page.content.decode()
    assert client.post(url, {"medlem": medlem.pk, "vara": "vara"}).status_code == 403
    assert client.post(f"{url}{delegat.pk}/fjern/").status_code == 403
    with pytest.raises(PermissionDenied):
        _add(arsmote_a, MedlemFactory(lokallag=org.lag_a), personas["board"])
    assert arsmote_a.delegater.count() == 1
    client.force_login(personas["leader_a"])
    assert client.get(url).context["form"] is not None


def test_every_change_is_audited(client, arsmote_a, leader_a, org):
    m1, m2 = _members(org.lag_a, 2)
    client.force_login(leader_a)
    url = f"/arsmote/{arsmote_a.pk}/delegater/"
    assert client.post(url, {"medlem": m1.pk, "vara": "delegat"}).status_code == 302
    assert client.post(url, {"medlem": m2.pk, "vara": "delegat"}).status_code == 302
    d1, d2 = arsmote_a.delegater.order_by("rekkefolge")
    assert client.post(f"{url}{d2.pk}/flytt/", {"retning": "opp"}).status_code == 302
    assert list(arsmote_a.delegater.values_list("medlem_id", flat=True)) == [m2.pk, m1.pk]
    assert client.post(f"{url}{d1.pk}/fjern/").status_code == 302
    assert list(arsmote_a.delegater.values_list("medlem_id", flat=True)) == [m2.pk]
    entries = AuditEntry.objects.filter(object_type="aktiviteter.delegat").order_by("id")
    assert [(e.action, e.medlem_id) for e in entries] == [
        (AuditAction.CREATE, m1.pk),
        (AuditAction.CREATE, m2.pk),
        (AuditAction.UPDATE, m2.pk),
        (AuditAction.DELETE, m1.pk),
    ]
    assert entries[0].actor == leader_a


def test_the_meeting_page_shows_the_panel(client, arsmote_a, leader_a, org):
    medlem = MedlemFactory(lokallag=org.lag_a, fornavn="Ola", etternavn="Panelsen")
    _add(arsmote_a, medlem, leader_a)
    client.force_login(leader_a)
    page = client.get(f"/arsmote/{arsmote_a.pk}/").content.decode()
    assert "1 av 2 delegater og 0 av 2 vara er ført opp." in page
    assert "Ola Panelsen" in page
    assert f"/arsmote/{arsmote_a.pk}/delegater/" in page


# --- The county's overview and files --------------------------------------------------------


@pytest.fixture
def listed(arsmote_a, arsmote_b, leader_a, admin_user, org):
    formula = MedlemFactory(
        lokallag=org.lag_a, fornavn='=HYPERLINK("http://x")', etternavn="Ond", telefon="+4790000001"
    )
    vara = MedlemFactory(lokallag=org.lag_b, fornavn="Vera", etternavn="Vara")
    _add(arsmote_a, formula, leader_a)
    _add(arsmote_b, vara, admin_user, vara=True)
    return formula, vara


FILES = ("/arsmote/delegater.csv", "/arsmote/delegater.pdf", "/arsmote/navnelapper.pdf")


def test_files_are_for_admins_only(client, listed, personas):
    for who in ("board", "leader_a", "member"):
        client.force_login(personas[who])
        for url in (*FILES, "/arsmote/delegater/"):
            assert client.get(url, {"aar": AAR}).status_code == 404, (who, url)
    for name in ("delegater_csv", "delegater_pdf", "navnelapper_pdf"):
        with pytest.raises(PermissionDenied):
            getattr(delegater, name)(aar=AAR, bruker=personas["board"])
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()


def test_csv_is_formula_safe_minimal_and_audited(client, listed, admin_user):
    formula, _vara = listed
    login_reauthenticated(client, admin_user.email)
    response = client.get("/arsmote/delegater.csv", {"aar": AAR})
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="delegater-{AAR}.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Lokallag", "Navn", "Delegat/vara", "Nr.", "E-post", "Telefon"]
    assert rows[1] == [
        "Drammen Senterparti",
        '\'=HYPERLINK("http://x") Ond',
        "Delegat",
        "1",
        formula.epost,
        "'+4790000001",
    ]
    assert rows[2][:3] == ["Gol Senterparti", "Vera Vara", "Vara"]
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert entry.actor == admin_user
    assert entry.data == {"fil": "delegater.csv", "aar": AAR, "antall": 2}


def test_csv_asks_for_the_password_again(client, listed, admin_user):
    client.force_login(admin_user)
    response = client.get("/arsmote/delegater.csv", {"aar": AAR})
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/reauthenticate/")
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()


def _pages(pdf: bytes) -> int:
    """The page count, as poppler's ``pdfinfo`` reads it (installed by .ci/run)."""
    if shutil.which("pdfinfo") is None:
        pytest.skip("pdfinfo (poppler-utils) is not installed; .ci/run installs it")
    info = subprocess.run(
        ["pdfinfo", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def test_pdf_list_and_name_tags_are_pdfs_and_audited(client, listed, admin_user):
    login_reauthenticated(client, admin_user.email)
    for url, fil in zip(FILES[1:], ("delegater.pdf", "navnelapper.pdf"), strict=True):
        response = client.get(url, {"aar": AAR})
        assert response.status_code == 200, url
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF"), url
        assert AuditEntry.objects.filter(action=AuditAction.EXPORT, data__fil=fil).count() == 1


def test_name_tags_are_eight_to_a_page(arsmote_a, arsmote_b, admin_user, oppsett, org):
    oppsett.delegater_grunntall = 5
    oppsett.save()
    for arsmote, lag in ((arsmote_a, org.lag_a), (arsmote_b, org.lag_b)):
        for i, medlem in enumerate(_members(lag, 5)):
            _add(arsmote, medlem, admin_user, vara=i == 4)
    assert _pages(delegater.navnelapper_pdf(aar=AAR, bruker=admin_user)) == 2  # 10 tags
    Delegat.objects.filter(arsmote=arsmote_b, vara=True).delete()
    Delegat.objects.filter(arsmote=arsmote_a, vara=True).delete()
    assert _pages(delegater.navnelapper_pdf(aar=AAR, bruker=admin_user)) == 1  # 8 tags


def test_admin_overview_counts_against_the_allowed(client, listed, admin_user, org):
    _members(org.lag_b, 60)
    client.force_login(admin_user)
    page = client.get("/arsmote/delegater/", {"aar": AAR})
    assert page.status_code == 200
    rows = {r.arsmote.lokallag.slug: r for r in page.context["oversikt"].rader}
    assert set(rows) == {"drammen", "gol"}  # the county's own meeting is not a chapter
    assert (rows["drammen"].delegater, rows["drammen"].vara, rows["drammen"].tillatt) == (1, 0, 2)
    assert (rows["gol"].delegater, rows["gol"].vara, rows["gol"].tillatt) == (0, 1, 3)
    html = page.content.decode()
    for url in FILES:
        assert f"{url}?aar={AAR}" in html
    assert "/arsmote/delegater/" in client.get(f"/arsmote/?aar={AAR}").content.decode()


def _count(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/arsmote/delegater/", {"aar": AAR}).status_code == 200
    return len(ctx.captured_queries)


def test_admin_overview_queries_do_not_grow_with_the_chapters(client, listed, admin_user):
    client.force_login(admin_user)
    before = _count(client)
    for i in range(6):
        lag = LokallagFactory(navn=f"Lag {i}", slug=f"lag-{i}")
        arsmote = Arsmote.objects.create(lokallag=lag, aar=AAR)
        for medlem in _members(lag, 2):
            _add(arsmote, medlem, admin_user)
    assert _count(client) <= before


# --- Right of access and erasure ------------------------------------------------------------


@pytest.fixture
def in_the_cycle(arsmote_a, leader_a, member_user, org):
    medlem = member_user.medlem
    _add(arsmote_a, medlem, leader_a, vara=True)
    Valgforslag.objects.create(
        arsmote=arsmote_a, rolle=Rolle.KASSERER, medlem=medlem, kommentar="Erfaren regnskapsfører"
    )
    verv = VervFactory(medlem=medlem, enhet=org.lag_a, rolle=Rolle.STYREMEDLEM)
    Valgt.objects.create(arsmote=arsmote_a, verv=verv)
    return medlem


def test_the_access_report_lists_the_cycles_records(client, in_the_cycle):
    login_reauthenticated(client, "medlem@test.no")
    data = client.get(f"/medlemmer/{in_the_cycle.pk}/innsyn.json").json()
    [delegat] = data["arsmote_delegat"]
    assert (delegat["aar"], delegat["enhet"], delegat["som"]) == (
        AAR,
        "Drammen Senterparti",
        "vara",
    )
    assert delegat["registrert"].startswith("2026-11-30")
    [forslag] = data["arsmote_valgforslag"]
    assert forslag["rolle"] == "Kasserer"
    assert forslag["kommentar"] == "Erfaren regnskapsfører"
    assert [v["rolle"] for v in data["arsmote_valgt"]] == ["Styremedlem"]
    page = client.get(f"/medlemmer/{in_the_cycle.pk}/innsyn/").content.decode()
    for title in ("Valgkomiteens forslag", "Valgt på årsmøtet", "Delegat til fylkesårsmøtet"):
        assert title in page
    data = innsyn.member_data(in_the_cycle)
    keys = {
        k
        for key in ("arsmote_delegat", "arsmote_valgforslag", "arsmote_valgt")
        for k in data[key][0]
    }
    assert keys <= set(innsyn.LABELS)


def test_erasure_removes_proposals_and_delegate_places(in_the_cycle, admin_user):
    personvern.medlem_anonymiser(medlem=in_the_cycle, av=admin_user)
    assert not Delegat.objects.filter(medlem=in_the_cycle).exists()
    assert not Valgforslag.objects.filter(medlem=in_the_cycle).exists()
    # The office stays, as every office of an anonymised member does.
    assert Valgt.objects.filter(verv__medlem=in_the_cycle).exists()
    assert not any(
        innsyn.member_data(in_the_cycle)[k] for k in ("arsmote_delegat", "arsmote_valgforslag")
    )
