from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from aktiviteter.aktivitet.models import Aktivitet, Deltakelse, Status
from buskerud_sp.core.access import access_for
from buskerud_sp.core.dataversion import data_changed
from medlemmer.models import Medlem


def _check_manages(bruker, aktivitet: Aktivitet) -> None:
    if not access_for(bruker).can_manage_unit(
        aktivitet.enhet_id, is_county=aktivitet.enhet.er_fylkeslag
    ):
        raise PermissionDenied


def _set_participants(aktivitet: Aktivitet, deltakere: Iterable[Medlem], bruker) -> None:
    """Make the named participants the user may see exactly ``deltakere``; names the user may
    not see (another chapter's members, named by their own officers) are left alone."""
    wanted = {m.pk for m in deltakere}
    if (
        not set(
            Medlem.objects.visible_to(bruker).filter(pk__in=wanted).values_list("pk", flat=True)
        )
        >= wanted
    ):
        raise PermissionDenied
    aktivitet.deltakelser.filter(medlem__in=Medlem.objects.visible_to(bruker)).exclude(
        medlem_id__in=wanted
    ).delete()
    present = set(aktivitet.deltakelser.values_list("medlem_id", flat=True))
    Deltakelse.objects.bulk_create(
        Deltakelse(aktivitet=aktivitet, medlem_id=pk) for pk in sorted(wanted - present)
    )
    data_changed()  # bulk_create sends no signals


@transaction.atomic
def aktivitet_lagre(
    *, aktivitet: Aktivitet, bruker, deltakere: Iterable[Medlem] | None = None
) -> Aktivitet:
    """Save a new or changed activity and, when given, its named participants."""
    _check_manages(bruker, aktivitet)
    if aktivitet.pk is None:
        aktivitet.registrert_av = bruker
    aktivitet.full_clean()
    aktivitet.save()
    if deltakere is not None:
        _set_participants(aktivitet, deltakere, bruker)
    return aktivitet


@transaction.atomic
def aktivitet_registrer_resultat(
    *,
    aktivitet: Aktivitet,
    bruker,
    deltakerantall: int | None,
    deltakere: Iterable[Medlem] | None = None,
) -> Aktivitet:
    """After the meeting, in one step: mark it held, with the count and optionally names.

    The host chapter's officers may do this for a county activity they host."""
    if not Aktivitet.objects.result_registrable_by(bruker).filter(pk=aktivitet.pk).exists():
        raise PermissionDenied
    # Judge the stored row, locked: the caller's copy may be older than a cancellation.
    stored = Aktivitet.objects.select_for_update().get(pk=aktivitet.pk)
    reason = stored.resultat_sperre()
    if reason:
        raise ValidationError(reason)
    aktivitet.status = Status.AVHOLDT
    aktivitet.deltakerantall = deltakerantall
    aktivitet.full_clean()
    aktivitet.save(update_fields=["status", "deltakerantall", "endret"])
    if deltakere is not None:
        _set_participants(aktivitet, deltakere, bruker)
    return aktivitet


@transaction.atomic
def aktivitet_slett(*, aktivitet: Aktivitet, bruker) -> None:
    _check_manages(bruker, aktivitet)
    aktivitet.delete()


@transaction.atomic
def adhoc_gruppe_lagre(*, gruppe, medlemmer: Iterable[Medlem], bruker):
    """Save an AdHoc group with its members (its unit's registrars set groups up)."""
    if not access_for(bruker).can_manage_unit(gruppe.enhet_id, is_county=gruppe.enhet.er_fylkeslag):
        raise PermissionDenied
    gruppe.full_clean()
    gruppe.save()
    gruppe.medlemmer.set(list(medlemmer))
    return gruppe
