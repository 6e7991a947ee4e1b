from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from aktiviteter.aktivitet.models import Aktivitet, Aktivitetstype, Status
from aktiviteter.studier.models import Kursdeltaker, Oppmote, Studietiltak, oppmote_feil
from buskerud_sp.core.access import access_for
from buskerud_sp.core.dataversion import data_changed
from medlemmer.models import Medlem


def _check_manages(bruker, studietiltak: Studietiltak) -> None:
    unit = studietiltak.arrangor
    if not access_for(bruker).can_manage_unit(unit.pk, is_county=unit.er_fylkeslag):
        raise PermissionDenied


@transaction.atomic
def studietiltak_lagre(*, studietiltak: Studietiltak, bruker) -> Studietiltak:
    """Save a course. SpS counts the course leader among the participants, so the leader is
    added as one."""
    _check_manages(bruker, studietiltak)
    if studietiltak.pk is None:
        studietiltak.registrert_av = bruker
    studietiltak.full_clean()
    studietiltak.save()
    Kursdeltaker.objects.get_or_create(studietiltak=studietiltak, medlem=studietiltak.kursleder)
    return studietiltak


@transaction.atomic
def kursdeltaker_legg_til(
    *,
    studietiltak: Studietiltak,
    bruker,
    medlem: Medlem | None = None,
    navn: str = "",
    fodselsaar: int | None = None,
) -> Kursdeltaker:
    """Add a member, or a non-member by name and birth year (courses are open to all)."""
    _check_manages(bruker, studietiltak)
    deltaker = Kursdeltaker(
        studietiltak=studietiltak,
        medlem=medlem,
        navn="" if medlem else navn.strip(),
        fodselsaar=None if medlem else fodselsaar,
    )
    deltaker.full_clean()
    deltaker.save()
    return deltaker


@transaction.atomic
def kursdeltakere_legg_til(
    *,
    studietiltak: Studietiltak,
    bruker,
    medlemmer: list[Medlem],
    navn: str = "",
    fodselsaar: int | None = None,
) -> list[Kursdeltaker]:
    """Add several members at once (and a non-member when named), each by the same rules as
    one at a time; all or none."""
    added = [
        kursdeltaker_legg_til(studietiltak=studietiltak, bruker=bruker, medlem=medlem)
        for medlem in medlemmer
    ]
    if navn or fodselsaar:
        added.append(
            kursdeltaker_legg_til(
                studietiltak=studietiltak, bruker=bruker, navn=navn, fodselsaar=fodselsaar
            )
        )
    return added


@transaction.atomic
def studiesamling_lagre(
    *,
    studietiltak: Studietiltak,
    samling: Aktivitet,
    oppmote: list[tuple[Kursdeltaker, int]],
    bruker,
) -> Aktivitet:
    """Save a held session of the course with each participant's minutes (absent: 0)."""
    _check_manages(bruker, studietiltak)
    samling.type = Aktivitetstype.STUDIESAMLING
    samling.studietiltak = studietiltak
    samling.enhet = studietiltak.arrangor
    samling.status = Status.AVHOLDT
    samling.tittel = samling.tittel or studietiltak.tittel
    if samling.pk is None:
        samling.registrert_av = bruker
    samling.full_clean()
    errors = oppmote_feil(studietiltak.pk, samling.varighet_minutter, oppmote)
    if errors:
        raise ValidationError([message for _, (_, message) in sorted(errors.items())])
    samling.save()
    samling.oppmote.all().delete()
    Oppmote.objects.bulk_create(
        Oppmote(samling=samling, deltaker=deltaker, minutter=minutter)
        for deltaker, minutter in oppmote
        if minutter > 0
    )
    data_changed()  # bulk_create sends no signals
    return samling
