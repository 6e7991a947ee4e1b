"""The demo organisation for tests, built by the real loader once per session.

The first test that asks runs ``buskerud_sp.demodata.load_all`` and keeps what it changed in
the database, row for row (inserted, updated and deleted rows of every table). Each later test
that starts from the same database state on the same day gets those rows written back in a few
bulk inserts instead of a new run of the loader (seconds of saves, signals and services), and
the data version moves as after the loader. Everything happens inside the test's own
transaction, so it is rolled back with the test like any other row.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, models
from django.utils import timezone

from buskerud_sp.core.dataversion import data_changed
from buskerud_sp.demodata import load_all

Rows = dict[object, tuple]


@dataclass
class _Snapshot:
    key: tuple
    before: dict[type[models.Model], Rows]
    counts: dict[str, int]
    inserted: dict[type[models.Model], list[tuple]] = field(default_factory=dict)
    updated: dict[type[models.Model], Rows] = field(default_factory=dict)
    deleted: dict[type[models.Model], list[object]] = field(default_factory=dict)


# One snapshot per starting state: a worker that has run a ``transaction=True`` test starts the
# next ones from an emptied database, the others from the migrated one; each state keeps its own
# snapshot instead of one replacing the other (and the loader running again) at every switch.
_snapshots: dict[tuple, list[_Snapshot]] = {}


def _tables() -> list[type[models.Model]]:
    return [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy
    ]


def _fields(model: type[models.Model]) -> list[models.Field]:
    # Generated columns are computed by the database from the others.
    return [f for f in model._meta.concrete_fields if not f.generated]


def _columns(model: type[models.Model]) -> list[str]:
    return [f.attname for f in _fields(model)]


def _state() -> dict[type[models.Model], Rows]:
    state = {}
    for model in _tables():
        columns = _columns(model)
        pk = columns.index(model._meta.pk.attname)
        state[model] = {row[pk]: row for row in model._base_manager.values_list(*columns)}
    return state


def load_demo(*, password: str, seed: int = 2024) -> dict[str, int]:
    """What ``load_all(password=…, seed=…)`` returns and leaves in the database."""
    before = _state()
    key = (password, seed, timezone.localdate())
    for snapshot in _snapshots.get(key, ()):
        if snapshot.before == before:
            _restore(snapshot)
            return dict(snapshot.counts)
    counts = load_all(password=password, seed=seed)
    kept = _snapshots.setdefault(key, [])
    kept.append(_diff(key, before, _state(), counts))
    del kept[:-4]  # a few starting states at most; the oldest goes
    return counts


def _diff(key, before, after, counts) -> _Snapshot:
    snapshot = _Snapshot(key=key, before=before, counts=dict(counts))
    for model, rows in after.items():
        old = before[model]
        if inserted := [row for pk, row in rows.items() if pk not in old]:
            snapshot.inserted[model] = inserted
        if updated := {pk: row for pk, row in rows.items() if pk in old and old[pk] != row}:
            snapshot.updated[model] = updated
        if deleted := [pk for pk in old if pk not in rows]:
            snapshot.deleted[model] = deleted
    return snapshot


def _restore(snapshot: _Snapshot) -> None:
    # Foreign keys are checked at commit (deferred), so the order of the tables is free.
    for model, pks in snapshot.deleted.items():
        model._base_manager.filter(pk__in=pks)._raw_delete(connection.alias)
    for model, rows in snapshot.updated.items():
        columns = _columns(model)
        for pk, row in rows.items():
            model._base_manager.filter(pk=pk).update(**dict(zip(columns, row, strict=True)))
    for model, rows in snapshot.inserted.items():
        columns = _columns(model)
        objs = [model.from_db(connection.alias, columns, row) for row in rows]
        fields = _fields(model)
        # raw: the values as the loader left them (no auto_now, no defaults computed anew).
        size = max(1, connection.ops.bulk_batch_size(fields, objs))
        for start in range(0, len(objs), size):
            model._base_manager._insert(objs[start : start + size], fields=fields, raw=True)
    if snapshot.inserted:
        # Rows inserted with their ids leave the id sequences behind (PostgreSQL).
        sql = connection.ops.sequence_reset_sql(no_style(), list(snapshot.inserted))
        with connection.cursor() as cursor:
            for statement in sql:
                cursor.execute(statement)
    data_changed()
