"""What a change of the data touched, for the dashboard's figures (``snapshot``).

Every save or delete of a model the dashboard reads makes a new data version
(buskerud_sp.core.dataversion) and says what it touched: *marks* ``(aspect, chapter, year)``,
e.g. ``("aktivitet:styremote", 12, 2026)`` for a board meeting of chapter 12 dated in 2026.
``chapter`` and ``year`` are None when the change touched every chapter or every year. The
figures of the version before are then updated: only the targets whose measurement reads that
aspect, and of those only the touched chapters' parts (``sources.parts``).

An update touches what the row said before and after (the old values are read in
``pre_save``, one primary-key read); a change nobody can attribute (a chapter renamed, the
register's bulk import) touches everything, and the figures are computed in full.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.apps import apps
from django.db.models.signals import post_delete, post_save, pre_save

from buskerud_sp.core.dataversion import data_changed

ANY = None

# The aspects the measurements read (sources.DEPENDS says which measurement reads which).
AKTIVITET = "aktivitet:"  # + the activity's type: the activity rows themselves
DELTAKELSE = "deltakelse"  # named attendances (per chapter of the member)
MEDLEM = "medlem"
VERV = "verv:"  # + the role
STUDIER = "studier"  # courses, their participants, attendance and sessions
DATOPLAN = "datoplan"

Mark = tuple[str, "int | None", "int | None"]

_OLD_ATTR = "_dashbord_old"


def _marks_aktivitet(rows: Iterable[dict], attended: Iterable[int | None]) -> set[Mark]:
    marks: set[Mark] = set()
    rows = list(rows)
    for row in rows:
        aspect = AKTIVITET + row["type"]
        year = row["dato"].year if row["dato"] else ANY
        for chapter in {row["enhet_id"], row["vertslag_id"]} - {None}:
            marks.add((aspect, chapter, year))
        if row["studietiltak_id"] is not None:
            marks.add((STUDIER, row["enhet_id"], ANY))
            marks.add((STUDIER, row["arrangor"], ANY))
    for chapter in attended:
        for row in rows:
            marks.add((AKTIVITET + row["type"], chapter, row["dato"].year))
    return marks


_AKTIVITET_FIELDS = ("type", "dato", "enhet_id", "vertslag_id", "studietiltak_id", "status")


def _aktivitet_row(instance) -> dict:
    row = {name: getattr(instance, name) for name in _AKTIVITET_FIELDS}
    row["arrangor"] = None
    if instance.studietiltak_id is not None:
        row["arrangor"] = _arrangor_of_course(instance.studietiltak_id)
    return row


def _arrangor_of_course(course_id: int) -> int | None:
    Studietiltak = apps.get_model("aktiviteter", "Studietiltak")
    return Studietiltak.objects.filter(pk=course_id).values_list("arrangor_id", flat=True).first()


def _attended_chapters(aktivitet_id: int) -> set[int | None]:
    Deltakelse = apps.get_model("aktiviteter", "Deltakelse")
    return set(
        Deltakelse.objects.filter(aktivitet_id=aktivitet_id)
        .order_by()
        .values_list("medlem__lokallag_id", flat=True)
        .distinct()
    )


def _old_aktivitet(instance) -> dict | None:
    Aktivitet = type(instance)
    row = Aktivitet.objects.filter(pk=instance.pk).values(*_AKTIVITET_FIELDS).first()
    if row is not None:
        row["arrangor"] = (
            _arrangor_of_course(row["studietiltak_id"]) if row["studietiltak_id"] else None
        )
    return row


def _aktivitet(instance, created: bool, old: dict | None) -> set[Mark]:
    rows = [_aktivitet_row(instance)] + ([old] if old else [])
    # A changed activity changes the counts of every chapter whose members attended it; a
    # new one has no attendances yet, and a deleted one's go with it (their own signals).
    attended = set() if created or old is None else _attended_chapters(instance.pk)
    return _marks_aktivitet(rows, attended)


def _member_chapter(instance) -> int | None:
    field = type(instance)._meta.get_field("medlem")
    if field.is_cached(instance):
        return instance.medlem.lokallag_id if instance.medlem else None
    Medlem = apps.get_model("medlemmer", "Medlem")
    return (
        Medlem.objects.filter(pk=instance.medlem_id).values_list("lokallag_id", flat=True).first()
    )


def _deltakelse(instance, created: bool, old: dict | None) -> set[Mark]:
    return {(DELTAKELSE, _member_chapter(instance), ANY)}


_MEDLEM_FIELDS = ("lokallag_id", "fodselsdato", "innmeldt", "utmeldt", "senterungdommen", "kjonn")


def _old_medlem(instance) -> dict | None:
    return type(instance).objects.filter(pk=instance.pk).values(*_MEDLEM_FIELDS).first()


def _medlem(instance, created: bool, old: dict | None, *, deleted: bool = False) -> set[Mark]:
    chapters = {instance.lokallag_id} | ({old["lokallag_id"]} if old else set())
    marks = {(MEDLEM, chapter, ANY) for chapter in chapters}
    if old and old["lokallag_id"] != instance.lokallag_id:
        # The activities a member attended count for the member's chapter.
        marks |= {(DELTAKELSE, chapter, ANY) for chapter in chapters}
    if deleted or (old and old["fodselsdato"] != instance.fodselsdato):
        # A course participant's age decides whether the course qualifies for SpS.
        marks.add((STUDIER, ANY, ANY))
    return marks


def _verv(instance, created: bool, old: dict | None) -> set[Mark]:
    roles = {instance.rolle} | ({old["rolle"]} if old else set())
    chapters = {instance.enhet_id} | ({old["enhet_id"]} if old else set())
    return {(VERV + rolle, chapter, ANY) for rolle in roles for chapter in chapters}


def _old_verv(instance) -> dict | None:
    return type(instance).objects.filter(pk=instance.pk).values("rolle", "enhet_id").first()


def _studietiltak(instance, created: bool, old: dict | None) -> set[Mark]:
    chapters = {instance.arrangor_id} | ({old["arrangor_id"]} if old else set())
    return {(STUDIER, chapter, ANY) for chapter in chapters}


def _old_studietiltak(instance) -> dict | None:
    return type(instance).objects.filter(pk=instance.pk).values("arrangor_id").first()


def _kursdeltaker(instance, created: bool, old: dict | None) -> set[Mark]:
    return {(STUDIER, _arrangor_of_course(instance.studietiltak_id), ANY)}


def _oppmote(instance, created: bool, old: dict | None) -> set[Mark]:
    Aktivitet = apps.get_model("aktiviteter", "Aktivitet")
    arrangor = (
        Aktivitet.objects.filter(pk=instance.samling_id)
        .values_list("studietiltak__arrangor_id", flat=True)
        .first()
    )
    return {(STUDIER, arrangor, ANY)}


def _datoplan(instance, created: bool, old: dict | None) -> set[Mark]:
    return {(DATOPLAN, ANY, ANY)}


def _maal(instance, created: bool, old: dict | None) -> set[Mark]:
    # The targets themselves: the figures read them again and measure a new or changed one.
    return {("maal", ANY, instance.aar)}


# label: (marks of a saved or deleted row, old values read before an update or None)
RULES = {
    "aktiviteter.Aktivitet": (_aktivitet, _old_aktivitet),
    "aktiviteter.Deltakelse": (_deltakelse, None),
    "aktiviteter.Studietiltak": (_studietiltak, _old_studietiltak),
    "aktiviteter.Kursdeltaker": (_kursdeltaker, None),
    "aktiviteter.Oppmote": (_oppmote, None),
    "aktiviteter.Maal": (_maal, None),
    "aktiviteter.Datoplan": (_datoplan, None),
    "aktiviteter.Datoplanpunkt": (_datoplan, None),
    "lokallag.Verv": (_verv, _old_verv),
    "medlemmer.Medlem": (_medlem, _old_medlem),
}


def _model_mark(label: str) -> set[Mark]:
    # A model no built-in measurement reads (the annual meetings', the election's, a
    # chapter's co-hosts): only the measurements that do not say what they read (the higher
    # slices' sources) are measured again.
    return {(f"modell:{label}", ANY, ANY)}


def _pre_save(sender, instance, raw=False, **kwargs) -> None:
    if raw or instance._state.adding or instance.pk is None:
        return
    rule = RULES.get(sender._meta.label)
    if rule and rule[1]:
        setattr(instance, _OLD_ATTR, rule[1](instance))


def _post_save(sender, instance, created=False, raw=False, **kwargs) -> None:
    if raw:  # fixtures being loaded
        return
    data_changed(_marks(sender, instance, created=created))


def _post_delete(sender, instance, **kwargs) -> None:
    data_changed(_marks(sender, instance, deleted=True))


def _marks(sender, instance, *, created: bool = False, deleted: bool = False) -> set[Mark] | None:
    label = sender._meta.label
    if label in ("lokallag.Lokallag", "lokallag.Distrikt"):
        return None  # the chapters themselves: the table's rows, every measurement's frame
    rule = RULES.get(label)
    if rule is None:
        return _model_mark(label)
    old = getattr(instance, _OLD_ATTR, None)
    if hasattr(instance, _OLD_ATTR):
        delattr(instance, _OLD_ATTR)
    if label == "medlemmer.Medlem":
        return _medlem(instance, created, old, deleted=deleted)
    if deleted and label == "aktiviteter.Aktivitet":
        return _marks_aktivitet([_aktivitet_row(instance)], ())
    return rule[0](instance, created, old)


def watch(label: str) -> None:
    model = apps.get_model(label)
    uid = f"dashbord-{label}"
    pre_save.connect(_pre_save, sender=model, dispatch_uid=f"{uid}-pre")
    post_save.connect(_post_save, sender=model, dispatch_uid=f"{uid}-save")
    post_delete.connect(_post_delete, sender=model, dispatch_uid=f"{uid}-delete")
