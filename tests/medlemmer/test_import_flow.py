"""Confirming an import: all or nothing, duplicates matched, a second run changes nothing."""

import datetime

import pytest
import time_machine
from django.db import IntegrityError
from django.utils import timezone

from medlemmer.importing import ConfirmResult, medlemsimport_confirm, medlemsimport_create
from medlemmer.importing import services as import_services
from medlemmer.models import ImportStatus, Medlem, Medlemsimport
from tests.factories import MedlemFactory

from .registerfiles import make_csv, member_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def run_import(register_org, admin_user):
    """Upload and confirm; returns the finished import."""

    def run(data: bytes) -> Medlemsimport:
        imp = medlemsimport_create(uploaded_by=admin_user, filename="register.csv", data=data)
        assert medlemsimport_confirm(medlemsimport=imp) is ConfirmResult.IMPORTED
        imp.refresh_from_db()
        return imp

    return run


def counts(imp: Medlemsimport) -> tuple[int, int, int, int]:
    return (imp.antall_nye, imp.antall_endret, imp.antall_uendret, imp.antall_avvist)


def test_thousand_rows_are_created_and_a_second_run_changes_nothing(run_import, register_org):
    rows = [member_row(n, lokallag="3324" if n % 4 == 0 else "3301") for n in range(1, 1001)]
    data = make_csv(rows, delimiter=";")

    first = run_import(data)
    assert counts(first) == (1000, 0, 0, 0)
    assert first.status == ImportStatus.IMPORTERT
    assert first.fil == b""  # the copy of the register is wiped once imported
    assert Medlem.objects.count() == 1000
    assert Medlem.objects.filter(lokallag=register_org.lag_b).count() == 250
    assert Medlem.objects.filter(kjonn="K").count() == 333
    kari = Medlem.objects.get(medlemsnummer="R000300")
    assert (kari.fornavn, kari.epost, kari.telefon) == (
        "Fornavn300",
        "person300@eksempel.no",
        "+4740000300",
    )
    assert kari.innmeldt == datetime.date(2019, 3, 1)
    assert kari.senterkvinnene and not kari.folkevalgt

    stamps = dict(Medlem.objects.values_list("pk", "endret"))
    second = run_import(data)
    assert counts(second) == (0, 0, 1000, 0)
    assert Medlem.objects.count() == 1000
    assert dict(Medlem.objects.values_list("pk", "endret")) == stamps


def test_an_updated_row_updates_exactly_that_member(run_import):
    rows = [member_row(n) for n in range(1, 21)]
    run_import(make_csv(rows))
    before = {m.pk: m for m in Medlem.objects.all()}

    rows[6] = member_row(7, telefon="99887766", utmeldt="01.10.2026", adresse="Nygata 3")
    second = run_import(make_csv(rows))

    assert counts(second) == (0, 1, 19, 0)
    assert second.rapport["endret"] == [
        {"rad": 8, "navn": "Fornavn7 Etternavn7", "felt": ["telefon", "adresse", "utmeldt"]}
    ]
    for medlem in Medlem.objects.all():
        old = before[medlem.pk]
        if medlem.medlemsnummer == "R000007":
            assert (medlem.telefon, medlem.adresse) == ("+4799887766", "Nygata 3")
            assert medlem.utmeldt == datetime.date(2026, 10, 1)
            assert medlem.endret > old.endret
        else:
            assert (medlem.telefon, medlem.adresse, medlem.utmeldt, medlem.endret) == (
                old.telefon,
                old.adresse,
                old.utmeldt,
                old.endret,
            )


def test_existing_members_are_matched_not_doubled(run_import, register_org):
    by_email = MedlemFactory(
        medlemsnummer=None, epost="Anne.Berg@Eksempel.no", lokallag=register_org.lag_a
    )
    by_phone = MedlemFactory(
        medlemsnummer=None,
        epost=None,
        fornavn="Per",
        etternavn="Dal",
        telefon="913 45 678",
        lokallag=register_org.lag_a,
    )
    by_number = MedlemFactory(medlemsnummer="R000003", lokallag=register_org.lag_b)
    rows = [
        member_row(1, epost="anne.berg@eksempel.no"),
        member_row(2, epost="", fornavn="PER", etternavn="dal", telefon="+4791345678"),
        member_row(3),
    ]
    imp = run_import(make_csv(rows))

    assert counts(imp) == (0, 3, 0, 0)
    assert Medlem.objects.count() == 3
    by_email.refresh_from_db()
    by_phone.refresh_from_db()
    by_number.refresh_from_db()
    assert by_email.medlemsnummer == "R000001"  # the register number is filled in
    assert by_email.epost == "Anne.Berg@Eksempel.no"  # a change of case is no change
    assert by_phone.medlemsnummer == "R000002"
    assert by_phone.fornavn == "PER"
    assert by_phone.telefon == "913 45 678"  # the same number, written differently
    assert by_number.lokallag == register_org.lag_a
    assert by_number.epost == "person3@eksempel.no"


def test_same_name_and_phone_but_another_register_number_is_another_person(
    run_import, register_org
):
    father = MedlemFactory(
        medlemsnummer="R000900", fornavn="Ola", etternavn="Li", telefon="32000000", epost=None
    )
    row = member_row(1, fornavn="Ola", etternavn="Li", telefon="32000000", epost="")
    imp = run_import(make_csv([row]))
    assert counts(imp) == (1, 0, 0, 0)
    assert Medlem.objects.filter(fornavn="Ola", etternavn="Li").count() == 2
    father.refresh_from_db()
    assert father.medlemsnummer == "R000900"


def test_two_rows_for_the_same_existing_member(register_org, admin_user):
    MedlemFactory(medlemsnummer=None, epost="kari@eksempel.no", lokallag=register_org.lag_a)
    MedlemFactory(medlemsnummer="R000002", epost=None, lokallag=register_org.lag_a)
    rows = [member_row(1, epost="kari@eksempel.no"), member_row(2, epost="kari@eksempel.no")]
    imp = medlemsimport_create(uploaded_by=admin_user, filename="f.csv", data=make_csv(rows))
    assert imp.rapport["avvist"] == [
        {
            "rad": 3,
            "kolonne": "epost",
            "melding": "e-postadressen «kari@eksempel.no» står også på rad 2",
        }
    ]


def test_email_taken_by_another_member_is_rejected_on_update(register_org, admin_user):
    MedlemFactory(medlemsnummer="R000001", epost="gammel@eksempel.no", lokallag=register_org.lag_a)
    MedlemFactory(medlemsnummer=None, epost="opptatt@eksempel.no", lokallag=register_org.lag_a)
    data = make_csv([member_row(1, epost="opptatt@eksempel.no")])
    imp = medlemsimport_create(uploaded_by=admin_user, filename="f.csv", data=data)
    assert imp.rapport["avvist"][0]["melding"] == (
        "e-postadressen «opptatt@eksempel.no» er registrert på et annet medlem"
    )


def test_new_join_date_after_a_registered_leaving_date_is_rejected(register_org, admin_user):
    MedlemFactory(
        medlemsnummer="R000001",
        lokallag=register_org.lag_a,
        innmeldt=datetime.date(2010, 1, 1),
        utmeldt=datetime.date(2015, 1, 1),
    )
    header_without_utmeldt = [h for h in member_row(1) if h != "utmeldt"]
    data = make_csv([member_row(1, innmeldt="01.01.2016")], header=header_without_utmeldt)
    imp = medlemsimport_create(uploaded_by=admin_user, filename="f.csv", data=data)
    assert imp.rapport["avvist"] == [
        {
            "rad": 2,
            "kolonne": "innmeldt",
            "melding": "innmeldt (01.01.2016) er etter medlemmets utmeldingsdato (01.01.2015)",
        }
    ]


def test_a_missing_column_leaves_the_field_alone(run_import):
    run_import(make_csv([member_row(1, adresse="Storgata 1")]))
    header = [h for h in member_row(1) if h not in ("adresse", "telefon")]
    imp = run_import(make_csv([member_row(1, adresse="")], header=header))
    assert counts(imp) == (0, 0, 1, 0)
    assert Medlem.objects.get().adresse == "Storgata 1"


def test_an_empty_cell_clears_the_field_but_never_the_register_number(run_import):
    run_import(make_csv([member_row(1)]))
    medlem = Medlem.objects.get()
    imp = run_import(make_csv([member_row(1, medlemsnummer="", adresse="", epost="")]))
    # Without medlemsnummer and e-mail the row is found by phone and name.
    assert counts(imp) == (0, 1, 0, 0)
    medlem.refresh_from_db()
    assert (medlem.medlemsnummer, medlem.adresse, medlem.epost) == ("R000001", "", None)


def test_nothing_is_saved_until_confirmed_and_rejected_rows_are_skipped(run_import):
    rows = [member_row(1), member_row(2, innmeldt="i går"), member_row(3)]
    imp = run_import(make_csv(rows))
    assert counts(imp) == (2, 0, 0, 1)
    assert sorted(Medlem.objects.values_list("medlemsnummer", flat=True)) == [
        "R000001",
        "R000003",
    ]


def test_all_or_nothing(register_org, admin_user, monkeypatch):
    MedlemFactory(medlemsnummer="R000001", lokallag=register_org.lag_b)
    rows = [member_row(n) for n in range(1, 6)]
    imp = medlemsimport_create(uploaded_by=admin_user, filename="f.csv", data=make_csv(rows))
    assert (imp.antall_nye, imp.antall_endret) == (4, 1)

    def fail(*args, **kwargs):
        # The new members have been inserted when the updates fail.
        assert Medlem.objects.count() == 5
        raise IntegrityError("simulert feil")

    monkeypatch.setattr(import_services, "_apply_updates", fail)
    with pytest.raises(IntegrityError):
        medlemsimport_confirm(medlemsimport=imp)
    assert Medlem.objects.count() == 1
    imp.refresh_from_db()
    assert imp.venter and bytes(imp.fil) != b""


def test_register_changed_since_the_preview(register_org, admin_user):
    imp = medlemsimport_create(
        uploaded_by=admin_user, filename="f.csv", data=make_csv([member_row(1), member_row(2)])
    )
    assert imp.antall_nye == 2
    MedlemFactory(medlemsnummer="R000002", lokallag=register_org.lag_b)

    assert medlemsimport_confirm(medlemsimport=imp) is ConfirmResult.CHANGED
    imp.refresh_from_db()
    assert imp.venter
    assert (imp.antall_nye, imp.antall_endret) == (1, 1)
    assert Medlem.objects.count() == 1  # nothing from the file was saved

    assert medlemsimport_confirm(medlemsimport=imp) is ConfirmResult.IMPORTED
    assert Medlem.objects.count() == 2


def test_a_second_confirmation_does_nothing(run_import):
    imp = run_import(make_csv([member_row(1)]))
    assert medlemsimport_confirm(medlemsimport=imp) is ConfirmResult.NOT_PENDING
    assert Medlem.objects.count() == 1


def test_previews_expire_after_a_day(register_org, admin_user):
    with time_machine.travel(timezone.now() - datetime.timedelta(hours=25)):
        old = medlemsimport_create(
            uploaded_by=admin_user, filename="f.csv", data=make_csv([member_row(1)])
        )
    assert medlemsimport_confirm(medlemsimport=old) is ConfirmResult.NOT_PENDING
    old.refresh_from_db()
    assert (old.status, old.fil, old.rapport) == (ImportStatus.UTLOPT, b"", {})
    assert Medlem.objects.count() == 0


def test_text_is_stored_as_written_and_each_member_changes_only_its_own_fields(
    run_import, register_org
):
    """The bulk writes (COPY on PostgreSQL) keep tabs, backslashes and line breaks inside a
    cell, give the fields a file lacks the model's defaults, and update rows that change
    different fields each with exactly its own."""
    rows = [
        member_row(1, fornavn="Ann\\e", adresse="Storgata 1\nBakgården", poststed="Øvre\tEiker"),
        member_row(2),
        member_row(3),
    ]
    run_import(make_csv(rows))
    first = Medlem.objects.get(medlemsnummer="R000001")
    assert (first.fornavn, first.adresse, first.poststed) == (
        "Ann\\e",
        "Storgata 1\nBakgården",
        "Øvre\tEiker",
    )
    assert (first.utmeldingsgrunn, first.samtykke_paaminnelser, first.bruker) == ("", False, None)
    assert first.opprettet == first.endret
    assert timezone.now() - first.opprettet < datetime.timedelta(minutes=5)
    assert Medlem.objects.filter(sok_tekst__contains="ANN\\E ETTERNAVN1").get() == first
    before = {m.medlemsnummer: m for m in Medlem.objects.all()}

    rows[0] = member_row(1, fornavn="Anne", adresse="Storgata 1\nBakgården", poststed="Øvre\tEiker")
    rows[1] = member_row(2, kjonn="K", folkevalgt="ja", utmeldt="01.10.2026")
    imp = run_import(make_csv(rows))

    assert counts(imp) == (0, 2, 1, 0)
    after = {m.medlemsnummer: m for m in Medlem.objects.all()}
    assert (after["R000001"].fornavn, after["R000001"].kjonn) == ("Anne", before["R000001"].kjonn)
    assert (after["R000002"].fornavn, after["R000002"].kjonn) == ("Fornavn2", "K")
    assert after["R000002"].folkevalgt and not after["R000001"].folkevalgt
    assert after["R000002"].utmeldt == datetime.date(2026, 10, 1)
    assert after["R000001"].utmeldt is None
    assert after["R000001"].endret == after["R000002"].endret > before["R000001"].endret
    assert after["R000003"].endret == before["R000003"].endret
