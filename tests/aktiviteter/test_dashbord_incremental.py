"""After a change, the dashboard's figures are the figures before with only what the change
touched measured again (aktiviteter.dashbord.figures): the touched chapters' parts of the
targets that read what changed. Whatever the kind of change, the result is the same as
measuring everything again, and the county's figures that are not sums of the chapters'
(an activity counted once for all its chapters, shares, chapters covered) come out right."""

import datetime

import pytest
from django.db import connection

from aktiviteter.aktivitet.models import Deltakelse
from aktiviteter.dashbord.defaults import maal_opprett_standard
from aktiviteter.dashbord.figures import compute_figures
from aktiviteter.dashbord.models import Maal, Maaling
from aktiviteter.studier.models import Oppmote
from buskerud_sp.core import dataversion
from lokallag.models import Rolle
from tests.factories import (
    AktivitetFactory,
    KursdeltakerFactory,
    LokallagFactory,
    MedlemFactory,
    SamlingFactory,
    StudietiltakFactory,
    VervFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("dashboard_morning")]
D = datetime.date
TODAY = D(2026, 11, 30)


@pytest.fixture
def data(org):
    """Some of everything the targets read, in two chapters and the county."""
    maal_opprett_standard(aar=2026)
    org.lag_c = LokallagFactory(distrikt=org.distrikt_b)
    for chapter, n in ((org.lag_a, 6), (org.lag_b, 4), (org.lag_c, 2)):
        MedlemFactory.create_batch(n, lokallag=chapter, innmeldt=D(2026, 3, 1), kjonn="K")
        MedlemFactory.create_batch(n, lokallag=chapter, innmeldt=D(2025, 5, 1))
    MedlemFactory(lokallag=org.lag_b, innmeldt=D(2026, 2, 1), utmeldt=D(2026, 6, 1))
    MedlemFactory(lokallag=org.lag_a, innmeldt=D(2024, 2, 1), senterungdommen=True)
    for month in (2, 5, 9):
        AktivitetFactory(type="lokalmedia", enhet=org.lag_a, dato=D(2026, month, 3))
        AktivitetFactory(type="lokalmedia", enhet=org.lag_b, dato=D(2025, month, 3))
        AktivitetFactory(type="styremote", enhet=org.lag_c, dato=D(2026, month, 10))
    # A county meeting held out in chapter B, attended by members of A and C.
    meeting = AktivitetFactory(
        type="fylkesstyremote",
        enhet=org.fylke,
        vertslag=org.lag_b,
        kombinert_med_temamote=True,
        dato=D(2026, 4, 2),
    )
    for medlem in (org.lag_a.medlemmer.first(), org.lag_c.medlemmer.first()):
        Deltakelse.objects.create(aktivitet=meeting, medlem=medlem, til_stede=True)
    for week in range(10):
        AktivitetFactory(
            type="tirsdagsmote",
            enhet=org.fylke,
            dato=D(2026, 1, 6) + datetime.timedelta(weeks=week),
            deltakerantall=30,
        )
    course = StudietiltakFactory(arrangor=org.lag_a)
    people = KursdeltakerFactory.create_batch(3, studietiltak=course)
    for day in (D(2026, 9, 1), D(2026, 9, 8), D(2026, 9, 15)):
        samling = SamlingFactory(studietiltak=course, dato=day)
        for deltaker in people:
            Oppmote.objects.create(samling=samling, deltaker=deltaker, minutter=120)
    VervFactory(
        medlem=org.lag_a.medlemmer.first(), rolle=Rolle.SENTERKVINNEKONTAKT, fra_dato=D(2025, 1, 1)
    )
    org.course = course
    org.meeting = meeting
    return org


def _measured(figures) -> list:
    return [
        (r.maal.pk, r.measurement, r.value_text, r.goal_text, r.details, r.tilstand)
        for r in figures.results
    ]


def _changed(change):
    """The figures before, ``change()``'s marks, and the figures updated from them."""
    base = compute_figures(2026, TODAY)
    # The test's transaction holds the fixture's changes too: this change's marks only.
    setattr(connection, dataversion._MARKS_ATTR, set())
    change()
    marks = dataversion.pending_marks()
    assert marks is not None, "the change could not say what it touched"
    updated = compute_figures(2026, TODAY, base, marks)
    assert _measured(updated) == _measured(compute_figures(2026, TODAY))
    return updated


# The higher slices' targets do not say what they read: every change measures them again
# (they read a few rows each).
UNDECLARED = {Maaling.ARSMOTE, Maaling.VALGKAMP, Maaling.VALGRESULTAT}


def _recomputed(figures) -> dict:
    """What was measured again: target code -> the chapters whose parts (None: in full)."""
    codes = dict(Maal.objects.values_list("pk", "maaling"))
    return {(codes[pk], pk): what for pk, what in figures.recomputed if codes[pk] not in UNDECLARED}


def _kinds(figures) -> set:
    return {kind for kind, _pk in _recomputed(figures)}


def test_a_new_activity_measures_its_chapters_parts_only(data):
    updated = _changed(
        lambda: AktivitetFactory(type="lokalmedia", enhet=data.lag_c, dato=D(2026, 10, 1))
    )
    assert _kinds(updated) == {Maaling.AKTIVITETER, Maaling.AKTIVE_LAG}
    for (_kind, _pk), what in _recomputed(updated).items():
        assert what == frozenset({data.lag_c.pk})


def test_an_activity_moved_to_another_chapter_and_another_year(data):
    aktivitet = data.lag_a.aktiviteter.filter(type="lokalmedia").first()

    def move():
        aktivitet.enhet = data.lag_b
        aktivitet.dato = D(2025, 11, 1)
        aktivitet.save()

    updated = _changed(move)
    assert frozenset({data.lag_a.pk, data.lag_b.pk}) in _recomputed(updated).values()


def test_a_county_meeting_held_out_in_a_chapter_changes_and_goes(data):
    def rehost():
        data.meeting.vertslag = data.lag_c
        data.meeting.save()

    updated = _changed(rehost)
    # The chapters its attendants belong to count it too: their parts are measured again.
    assert frozenset({data.fylke.pk, data.lag_a.pk, data.lag_b.pk, data.lag_c.pk}) in (
        _recomputed(updated).values()
    )
    _changed(lambda: data.meeting.delete())


def test_an_attendance_and_an_activity_cancelled(data):
    medlem = data.lag_b.medlemmer.first()
    _changed(
        lambda: Deltakelse.objects.create(aktivitet=data.meeting, medlem=medlem, til_stede=True)
    )
    aktivitet = data.lag_a.aktiviteter.filter(type="lokalmedia").first()

    def cancel():
        aktivitet.status = "avlyst"
        aktivitet.save()

    _changed(cancel)


def test_members_join_move_leave_and_go(data):
    updated = _changed(lambda: MedlemFactory(lokallag=data.lag_b, innmeldt=D(2026, 11, 2)))
    assert Maaling.AKTIVITETER not in _kinds(updated)
    assert all(
        what == frozenset({data.lag_b.pk})
        for (kind, _pk), what in _recomputed(updated).items()
        if kind in (Maaling.NYE_MEDLEMMER, Maaling.KVINNEANDEL)
    )
    _changed(lambda: MedlemFactory(lokallag=data.lag_c, innmeldt=TODAY, senterungdommen=True))
    medlem = data.lag_a.medlemmer.filter(kjonn="K").first()

    def move():
        medlem.lokallag = data.lag_c
        medlem.save()

    _changed(move)

    def leave():
        medlem.utmeldt = D(2026, 8, 1)
        medlem.save()

    _changed(leave)
    _changed(lambda: data.lag_b.medlemmer.filter(innmeldt=D(2025, 5, 1)).first().delete())


def test_an_office_taken_and_left(data):
    medlem = data.lag_b.medlemmer.first()
    updated = _changed(
        lambda: VervFactory(medlem=medlem, rolle=Rolle.SENTERKVINNEKONTAKT, fra_dato=D(2026, 5, 1))
    )
    assert _kinds(updated) == {Maaling.VERV}
    verv = data.lag_a.verv.get(rolle=Rolle.SENTERKVINNEKONTAKT)

    def leave():
        verv.til_dato = D(2026, 6, 30)
        verv.save()

    _changed(leave)


def test_study_attendance_a_participant_and_a_session(data):
    deltaker = data.course.deltakere.first()
    samling = data.course.samlinger.first()

    def less():
        Oppmote.objects.filter(samling=samling, deltaker=deltaker).update(minutter=0)
        Oppmote.objects.filter(samling=samling, deltaker=deltaker).first().save()

    updated = _changed(less)
    assert _kinds(updated) <= {Maaling.STUDIETIMER, Maaling.KURS}
    assert set(_recomputed(updated).values()) == {frozenset({data.lag_a.pk})}
    _changed(lambda: KursdeltakerFactory(studietiltak=data.course))
    _changed(
        lambda: SamlingFactory(
            studietiltak=StudietiltakFactory(arrangor=data.lag_b), dato=D(2026, 10, 6)
        )
    )
    _changed(lambda: samling.delete())


def test_a_target_edited_is_measured_again_and_the_others_kept(data):
    maal = Maal.objects.get(aar=2026, maaling=Maaling.NYE_MEDLEMMER)

    def edit():
        maal.maalverdi = 7
        maal.save()

    updated = _changed(edit)
    assert set(_recomputed(updated)) == {(Maaling.NYE_MEDLEMMER, maal.pk)}


def test_a_chapter_renamed_cannot_be_attributed(data):
    setattr(connection, dataversion._MARKS_ATTR, set())
    data.lag_a.navn = "Nytt navn"
    data.lag_a.save()
    assert dataversion.pending_marks() is None
    # Without marks the figures are measured in full.
    base = compute_figures(2026, TODAY)
    assert _measured(compute_figures(2026, TODAY, base, None)) == _measured(base)
