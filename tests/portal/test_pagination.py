"""The one pagination include (templates/pagination.html) under every paginated list."""

from django.core.paginator import Paginator
from django.template.loader import render_to_string

from buskerud_sp.core.paging import CountedPaginator


def _render(page, **context) -> str:
    return render_to_string("pagination.html", {"page": page, **context})


def test_one_page_shows_no_links():
    assert "pagination" not in _render(Paginator(range(5), 10).get_page(1))


def test_the_links_keep_the_filters_and_say_where_they_are():
    html = _render(Paginator(range(30), 10).get_page(2), query="status=feilet")
    assert 'href="?status=feilet&amp;side=1">Forrige</a>' in html
    assert 'href="?status=feilet&amp;side=3">Neste</a>' in html
    assert "Side 2 av 3" in html


def test_without_filters_and_with_own_labels():
    html = _render(Paginator(range(30), 10).get_page(1), previous_label="Nyere", next_label="Eldre")
    assert 'href="?side=2">Eldre</a>' in html
    assert "Nyere" not in html


def test_the_counted_paginator_does_not_count_again():
    page = CountedPaginator(range(30), 10, count=30).get_page(3)
    assert "Side 3 av 3" in _render(page)
