"""The dashboard's figures are computed once per data version and shared by every page
(aktiviteter.dashbord.snapshot): a change shows on the next page, unchanged data is not
measured again, and after a change a real worker computes the figures ahead of the pages."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from aktiviteter.aktivitet.services import tirsdagsmoter_sikre
from aktiviteter.dashbord.defaults import maal_opprett_standard
from aktiviteter.dashbord.models import Maaling
from aktiviteter.dashbord.selectors import county_dashboard
from aktiviteter.dashbord.snapshot import _key
from buskerud_sp.core.dataversion import data_version
from medlemmer.importing import COLUMNS, medlemsimport_confirm, medlemsimport_create
from tests.factories import MedlemFactory
from tests.services import celery_process, wait_for


def _new_members(today: datetime.date):
    dashboard = county_dashboard(today.year, today)
    (result,) = [r for r in dashboard.results if r.maal.maaling == Maaling.NYE_MEDLEMMER]
    return result.measurement.value


@pytest.mark.django_db
def test_a_change_shows_on_the_next_page_and_unchanged_data_is_not_measured_again(org):
    today = timezone.localdate()
    maal_opprett_standard(aar=today.year)
    before = _new_members(today)
    MedlemFactory(lokallag=org.lag_a, innmeldt=today)
    assert _new_members(today) == before + 1
    with CaptureQueriesContext(connection) as queries:
        assert _new_members(today) == before + 1
    assert len(queries) == 0  # the figures of this data version, as computed once


@pytest.mark.django_db
def test_bulk_writes_that_send_no_signals_make_a_new_version(org, admin_user):
    version = data_version()
    assert tirsdagsmoter_sikre(uker=2) > 0  # bulk_create of the coming Tuesday calls
    assert data_version() != version

    version = data_version()
    header = ";".join(c.name for c in COLUMNS)
    row = ";".join(
        {
            "medlemsnummer": "9000001",
            "fornavn": "Bulk",
            "etternavn": "Importert",
            "lokallag": org.lag_a.slug,
            "innmeldt": "01.03.2019",
        }.get(c.name, "")
        for c in COLUMNS
    )
    imp = medlemsimport_create(
        uploaded_by=admin_user, filename="r.csv", data=f"{header}\n{row}\n".encode()
    )
    assert imp.antall_nye == 1, imp.rapport
    medlemsimport_confirm(medlemsimport=imp)
    assert data_version() != version


@pytest.mark.django_db(transaction=True)
@pytest.mark.celery_worker
def test_after_a_change_a_worker_computes_the_figures_ahead_of_the_pages(org, tmp_path):
    today = timezone.localdate()
    maal_opprett_standard(aar=today.year)
    with celery_process(
        "worker", "--concurrency", "1", "--hostname", "d1@%h", log=tmp_path / "w.log"
    ):
        # Outside a transaction the change commits at once, and the refresh is queued.
        MedlemFactory(lokallag=org.lag_a, innmeldt=today)
        key = _key(today.year, today, data_version())
        wait_for(lambda: cache.get(key) is not None, timeout=60)
    with CaptureQueriesContext(connection) as queries:
        assert _new_members(today) >= 1
    # Only the data version is read (it lives in the database); no figure is computed.
    (query,) = queries
    assert 'FROM "buskerud_sp_dataversion"' in query["sql"]


def _chapter_row(html: str, slug: str) -> str:
    (row,) = re.findall(
        rf"<tr>\s*<th scope=\"row\"><a href=\"[^\"]*\?lag={slug}&amp;[^<]*</a></th>.*?</tr>",
        html,
        re.S,
    )
    return row


@pytest.mark.django_db
def test_the_rendered_chapter_table_follows_the_data(client, admin_user, org):
    today = timezone.localdate()
    maal_opprett_standard(aar=today.year)
    client.force_login(admin_user)
    MedlemFactory(lokallag=org.lag_a, innmeldt=today)
    first = _chapter_row(client.get("/dashbord/").content.decode(), org.lag_a.slug)
    assert _chapter_row(client.get("/dashbord/").content.decode(), org.lag_a.slug) == first
    MedlemFactory(lokallag=org.lag_a, innmeldt=today)
    second = _chapter_row(client.get("/dashbord/").content.decode(), org.lag_a.slug)
    assert second != first  # one more new member in the chapter's row


@pytest.mark.django_db
def test_a_transaction_of_many_saves_makes_one_version_at_its_commit(org):
    from buskerud_sp.core.dataversion import _after_commit

    before = data_version()
    with transaction.atomic():
        for _ in range(20):
            MedlemFactory(lokallag=org.lag_a)
        assert data_version() != before  # seen inside the transaction at once
    # The test's own transaction holds every callback (the organisation's saves too): one.
    pending = transaction.get_connection().run_on_commit
    assert [func for _, func, _ in pending if func is _after_commit] == [_after_commit]


@pytest.mark.django_db(transaction=True)
def test_a_change_nobody_can_attribute_shows_the_figures_before_while_they_are_updated(
    client, admin_user, org
):
    from aktiviteter.dashbord.snapshot import refresh

    today = timezone.localdate()
    maal_opprett_standard(aar=today.year)
    client.force_login(admin_user)
    page = client.get("/dashbord/").content.decode()
    assert "Tallene oppdateres" not in page
    # A chapter renamed (committed): every figure may have changed, and measuring them all
    # takes seconds at national scale; the page shows the figures before and says so.
    org.lag_a.navn = "Omdøpt Senterparti"
    org.lag_a.save()
    page = client.get("/dashbord/").content.decode()
    assert "Tallene oppdateres" in page
    assert "Omdøpt Senterparti" not in page
    refresh(today.year, today)  # the worker
    page = client.get("/dashbord/").content.decode()
    assert "Tallene oppdateres" not in page
    assert "Omdøpt Senterparti" in page
