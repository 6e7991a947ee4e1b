"""The rows of the member list (/medlemmer/) written in Python.

Fifty rows of five cells through the template engine cost more than the page's queries and its
whole layout (bench/pages.py: «Medlemsliste»): a variable lookup, an escape and a filter per
cell, a ``reverse()`` per row. This writes the same HTML the template wrote
(tests/medlemmer/test_medlemsliste.py compares the two), with one ``reverse()`` per page. The
rows are the viewer's own page: nothing here is kept between requests."""

from collections.abc import Iterable

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from buskerud_sp.core.quickhtml import escape
from buskerud_sp.core.telefon import phone_link_html

from .models import Medlem

# A key no member has, replaced by each row's key in the one URL reversed per page.
_KEY = 987654321987654321


def member_rows_html(members: Iterable, *, show_chapter: bool) -> SafeString:
    """The ``<tr>`` of each member (rows of ``selectors.member_rows``): name (a link to the
    member), chapter (when shown), phone (a ``tel:`` link when it can be dialled), e-mail (a
    ``mailto:`` link) and joining date."""
    label_navn = escape(_("Navn"))
    label_lokallag = escape(_("Lokallag"))
    label_telefon = escape(_("Telefon"))
    label_epost = escape(_("E-post"))
    label_innmeldt = escape(_("Innmeldt"))
    url_before, url_after = reverse("medlemmer:detail", kwargs={"pk": _KEY}).split(str(_KEY))
    rows = []
    for m in members:
        url = escape(f"{url_before}{m.pk}{url_after}")
        chapter = (
            f'<td data-label="{label_lokallag}">{escape(m.lokallag__navn)}</td>'
            if show_chapter
            else ""
        )
        phone = phone_link_html(m.telefon)
        epost = escape(m.epost) if m.epost else ""
        mail = f'<a href="mailto:{epost}">{epost}</a>' if epost else ""
        joined = f"{m.innmeldt.day}.{m.innmeldt.month}.{m.innmeldt.year}" if m.innmeldt else ""
        rows.append(
            "\n    <tr>\n"
            f'      <td data-label="{label_navn}"><a href="{url}">{escape(Medlem.navn_av(m.fornavn, m.etternavn, m.anonymisert))}</a></td>\n'
            f"      {chapter}\n"
            f'      <td data-label="{label_telefon}">{phone}</td>\n'
            f'      <td data-label="{label_epost}">{mail}</td>\n'
            f'      <td data-label="{label_innmeldt}">{joined}</td>\n'
            "    </tr>\n  "
        )
    # Every value above is escaped.
    return mark_safe("".join(rows))  # noqa: S308  # nosec B308 B703
