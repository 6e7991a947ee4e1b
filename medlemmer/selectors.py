"""Reads of the member register. Every function starts from ``visible_to(user)``."""

from django.db.models import QuerySet
from django.utils import timezone

from .forms import AGE_GROUPS
from .models import Medlem


def filtered_members(user, data: dict) -> QuerySet[Medlem]:
    """Members visible to the user, narrowed by the (already validated) filter values."""
    today = timezone.localdate()
    qs = Medlem.objects.visible_to(user).select_related("lokallag")
    status = data.get("status") or ""
    if status == "":
        qs = qs.aktive(today)
    elif status == "nye":
        qs = qs.innmeldt_i(today.year)
    elif status == "utmeldt":
        qs = qs.utmeldte()
    if data.get("q"):
        qs = qs.sok(data["q"])
    if data.get("lokallag"):
        qs = qs.filter(lokallag=data["lokallag"])
    if data.get("distrikt"):
        qs = qs.filter(lokallag__distrikt=data["distrikt"])
    if data.get("kjonn"):
        qs = qs.filter(kjonn=data["kjonn"])
    if data.get("alder"):
        low, high = AGE_GROUPS[data["alder"]]
        qs = qs.i_aldersgruppe(low, high, today)
    tilknytning = data.get("tilknytning")
    if tilknytning == "su":
        qs = qs.filter(senterungdommen=True)
    elif tilknytning == "sk":
        qs = qs.filter(senterkvinnene=True)
    elif tilknytning == "folkevalgt":
        qs = qs.filter(folkevalgt=True)
    return qs


def member_rows(keys: QuerySet | list) -> QuerySet:
    """The member list's rows for a page's keys (``CountedPaginator(rows=…)``): what the list
    shows and no more, in the list's order, as named tuples (``pk``, ``fornavn``,
    ``etternavn``, ``epost``, ``telefon``, ``innmeldt``, ``anonymisert``, ``lokallag_id``,
    ``lokallag__navn``): fifty model instances and their chapters cost twice the query
    (bench/pages.py)."""
    return Medlem.objects.filter(pk__in=keys).values_list(
        "pk",
        "fornavn",
        "etternavn",
        "epost",
        "telefon",
        "innmeldt",
        "anonymisert",
        "lokallag_id",
        "lokallag__navn",
        named=True,
    )
