"""The demo organisation that tests get through the ``demo_org`` fixture (tests/demo.py) is the
one the loader makes: a copy written back holds the same rows as a fresh run of ``load_all``."""

import re
from collections import Counter

import pytest
from django.db import models, transaction

from buskerud_sp.demodata import load_all
from tests.conftest import DEMO_PASSWORD
from tests.demo import _fields, _tables, load_demo

pytestmark = pytest.mark.django_db


INSTANT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d")
# A delivery row's key names its newsletter or invitation by id (``Utsending.anledning``).
UTSENDING_KEY = re.compile(r"utsending-\d+")


def _stable(value):
    """A JSON value without ids and instants (a date plan version's record of its items), and
    a delivery row's key without its message's id."""
    if isinstance(value, dict):
        return {k: None if k == "id" or k.endswith("_id") else _stable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_stable(v) for v in value]
    if isinstance(value, str) and INSTANT.match(value):
        return "<instant>"
    if isinstance(value, str) and UTSENDING_KEY.fullmatch(value):
        return "utsending-<id>"
    return value


def _content() -> dict[str, Counter]:
    """Each table's rows without the values that differ from one run of the loader to the
    next: ids (and so the references to them), instants of the clock and salted hashes."""
    content = {}
    for model in _tables():
        columns = [
            f.attname
            for f in _fields(model)
            if not (f.primary_key or f.is_relation or isinstance(f, models.DateTimeField))
            and f.attname != "password"
        ]
        rows = (
            model._base_manager.values_list(*columns)
            if columns
            else [()] * model._base_manager.count()
        )
        content[model._meta.label] = Counter(repr(_stable(list(row))) for row in rows)
    return content


class _RolledBack(Exception):
    pass


def _rolled_back(work):
    """``work()``'s result, with what it wrote undone."""
    result = None
    try:
        with transaction.atomic():
            result = work()
            raise _RolledBack
    except _RolledBack:
        return result


def test_the_copy_holds_what_the_loader_makes():
    _rolled_back(lambda: load_demo(password=DEMO_PASSWORD))  # the session's first runs the loader
    counts, loaded = _rolled_back(lambda: (load_all(password=DEMO_PASSWORD), _content()))

    assert load_demo(password=DEMO_PASSWORD) == counts
    copied = _content()
    differ = {t for t in loaded if loaded[t] != copied[t]}
    assert not differ, {t: (loaded[t] - copied[t], copied[t] - loaded[t]) for t in differ}
    assert sum(sum(rows.values()) for rows in copied.values()) > 1000
