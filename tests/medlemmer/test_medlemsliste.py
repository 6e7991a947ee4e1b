"""The member list (/medlemmer/): its pages are read key first (the page's keys in the list's
order, then the rows), its chapter and district options are kept per data version, and on
PostgreSQL one index in the list's order holds every column the list filters on."""

import pytest
from django.db import connection

from lokallag.models import Rolle
from medlemmer.models import Kjonn
from medlemmer.selectors import filtered_members
from medlemmer.views import PAGE_SIZE
from tests.factories import DistriktFactory, LokallagFactory, MedlemFactory, VervFactory

pytestmark = pytest.mark.django_db

SURNAMES = ["Aas", "Hansen", "Johansen", "Berg", "Øye", "Hansen-Lie", "Dahl"]


@pytest.fixture
def register(org):
    """Members over two and a half pages in both chapters, with names that sort in a
    different order than they were made, some of them the same name twice."""
    for i in range(2 * PAGE_SIZE + 20):
        MedlemFactory(
            lokallag=org.lag_a if i % 3 else org.lag_b,
            etternavn=SURNAMES[i % len(SURNAMES)],
            fornavn=["Kari", "Ola", "Anne"][i % 3],
            kjonn=Kjonn.KVINNE if i % 2 else Kjonn.MANN,
        )


def _pages(client, query: dict) -> list[int]:
    shown = []
    number = 1
    while True:
        response = client.get("/medlemmer/", {**query, "side": number})
        page = response.context["page"]
        shown += [m.pk for m in page]
        if not page.has_next():
            return shown
        number += 1


@pytest.mark.parametrize(
    "query", [{}, {"q": "hansen"}, {"q": "hansen", "kjonn": "K"}, {"status": "alle"}]
)
def test_the_pages_together_are_the_list_in_its_order(client, admin_user, register, query):
    client.force_login(admin_user)
    expected = list(filtered_members(admin_user, query).values_list("pk", flat=True))
    assert _pages(client, query) == expected
    assert len(expected) > PAGE_SIZE or query


def test_a_leader_pages_through_their_own_chapter_only(client, org, register, leader_a):
    client.force_login(leader_a)
    shown = _pages(client, {})
    assert len(shown) > PAGE_SIZE
    assert shown == list(filtered_members(leader_a, {}).values_list("pk", flat=True))
    chapters = set(
        MedlemFactory._meta.model.objects.filter(pk__in=shown).values_list("lokallag", flat=True)
    )
    assert chapters == {org.lag_a.pk}


def test_a_page_after_the_last_shows_the_last(client, admin_user, register):
    client.force_login(admin_user)
    last = client.get("/medlemmer/", {"side": 3}).context["page"]
    beyond = client.get("/medlemmer/", {"side": 99}).context["page"]
    assert beyond.number == last.number == 3
    assert [m.pk for m in beyond] == [m.pk for m in last]


def test_no_match_is_an_empty_page(client, admin_user, register):
    client.force_login(admin_user)
    response = client.get("/medlemmer/", {"q": "finnesikke"})
    assert list(response.context["page"]) == []
    assert "Ingen medlemmer passer søket." in response.content.decode()


def test_a_new_chapter_and_district_are_options_at_once(client, org, admin_user):
    # The options are kept per data version: a new chapter makes a new version.
    client.force_login(admin_user)
    assert "Nyby Senterparti" not in client.get("/medlemmer/").content.decode()
    distrikt = DistriktFactory(navn="Nydistrikt", slug="nydistrikt")
    lag = LokallagFactory(navn="Nyby Senterparti", slug="nyby", distrikt=distrikt)
    html = client.get("/medlemmer/").content.decode()
    assert f'<option value="{lag.pk}">Nyby Senterparti</option>' in html
    assert f'<option value="{distrikt.pk}">Nydistrikt</option>' in html
    response = client.get("/medlemmer/", {"lokallag": lag.pk})
    assert f'<option value="{lag.pk}" selected>Nyby Senterparti</option>' in (
        response.content.decode()
    )


def test_a_leader_is_offered_only_their_chapters(client, org, leader_a):
    client.force_login(leader_a)
    html = client.get("/medlemmer/").content.decode()
    assert org.lag_a.navn in html
    assert org.lag_b.navn not in html
    assert 'name="distrikt"' not in html
    # A second chapter's office is a new version, and the chapter an option.
    VervFactory(medlem=leader_a.medlem, enhet=org.lag_b, rolle=Rolle.LEDER)
    assert org.lag_b.navn in client.get("/medlemmer/").content.decode()


FILTERS = [
    {},
    {"q": "hansen"},
    {"q": "959 42 026"},
    {"kjonn": Kjonn.KVINNE, "alder": "30-49", "tilknytning": "su"},
    {"tilknytning": "sk"},
    {"tilknytning": "folkevalgt", "status": "nye"},
    {"status": "utmeldt"},
    {"lokallag": "lag_a", "q": "hansen"},
    {"distrikt": "distrikt_a", "status": "alle"},
]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the index is PostgreSQL's (migration 0008)"
)
@pytest.mark.parametrize("data", FILTERS)
@pytest.mark.parametrize("persona", ["admin_user", "leader_a"])
def test_the_list_order_index_answers_every_filter_without_the_table(request, org, persona, data):
    # An index-only scan is possible only when the index holds every column the query reads:
    # a filter on a column it lacks would read a table row for every member it passes.
    user = request.getfixturevalue(persona)
    data = {k: getattr(org, v) if k in ("lokallag", "distrikt") else v for k, v in data.items()}
    keys = filtered_members(user, data).values("pk")[:PAGE_SIZE]
    sql, params = keys.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Index Only Scan using medlem_liste_rekkefolge on medlemmer_medlem" in plan, plan


def test_the_kept_page_keys_are_each_leaders_own(client, org, register, leader_a, leader_b):
    # A page's keys are kept per data version, access and filter, like the totals.
    for user, chapter in ((leader_a, org.lag_a), (leader_b, org.lag_b), (leader_a, org.lag_a)):
        client.force_login(user)
        page = client.get("/medlemmer/").context["page"]
        assert {m.lokallag_id for m in page} == {chapter.pk}


def test_a_new_member_is_on_the_kept_page_at_once(client, org, admin_user, register):
    client.force_login(admin_user)
    client.get("/medlemmer/")
    first = MedlemFactory(lokallag=org.lag_b, etternavn="A", fornavn="A")
    assert next(iter(client.get("/medlemmer/").context["page"])).pk == first.pk


# The rows as the template wrote them before medlemmer/list_html.py wrote them in Python.
ROWS_AS_TEMPLATE = """{% load i18n telefon %}{% for m in members %}
    <tr>
      <td data-label="{% translate "Navn" %}"><a href="{{ m.get_absolute_url }}">{{ m.navn }}</a></td>
      {% if show_chapter %}<td data-label="{% translate "Lokallag" %}">{{ m.lokallag.navn }}</td>{% endif %}
      <td data-label="{% translate "Telefon" %}">{{ m.telefon|telefon_lenke }}</td>
      <td data-label="{% translate "E-post" %}">{% if m.epost %}<a href="mailto:{{ m.epost }}">{{ m.epost }}</a>{% endif %}</td>
      <td data-label="{% translate "Innmeldt" %}">{{ m.innmeldt|date:"j.n.Y" }}</td>
    </tr>
  {% endfor %}"""


@pytest.mark.parametrize("show_chapter", [True, False])
def test_the_rows_written_in_python_are_what_the_template_wrote(org, show_chapter):
    import datetime

    from django.template import Context, Template
    from django.utils import timezone

    from medlemmer.list_html import member_rows_html
    from medlemmer.models import Medlem
    from medlemmer.selectors import member_rows

    org.lag_a.navn = 'Ål & <Gol> "Sp"'
    org.lag_a.save()
    members = [
        MedlemFactory(lokallag=org.lag_a, fornavn="<b>Kari</b>", etternavn="O'Hara & Co"),
        MedlemFactory(lokallag=org.lag_a, epost=None, telefon="+46701234567"),
        MedlemFactory(lokallag=org.lag_a, telefon="912 34 5", innmeldt=datetime.date(2024, 12, 31)),
        MedlemFactory(lokallag=org.lag_a, telefon="", anonymisert=timezone.now()),
        MedlemFactory(lokallag=org.lag_a, telefon="+4732000000"),
    ]
    keys = [m.pk for m in members]
    expected = Template(ROWS_AS_TEMPLATE).render(
        Context(
            {
                "members": list(Medlem.objects.filter(pk__in=keys).select_related("lokallag")),
                "show_chapter": show_chapter,
            }
        )
    )
    assert member_rows_html(member_rows(keys), show_chapter=show_chapter) == expected
