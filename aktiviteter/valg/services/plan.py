"""The elections and the campaign plan: an admin creates and edits an election; the campaign
committee sets, changes and deletes goals; a chapter's officers report its social-media posts.
Each write checks who may make it (a crafted POST meets the same rules as the form), is atomic,
and leaves an audit entry."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aktiviteter.valg.models import Maalart, Valg, Valgkampmaal
from aktiviteter.valg.tilgang import kan_rapportere, planlegbare_lag
from buskerud_sp.core import audit
from buskerud_sp.core.access import access_for
from buskerud_sp.core.audit import AuditContext
from buskerud_sp.core.models import AuditAction


def _context(bruker, ip: str | None) -> AuditContext:
    return AuditContext(user=bruker, ip=ip)


@transaction.atomic
def valg_lagre(*, valg: Valg, bruker, endret: Iterable[str] = (), ip: str | None = None) -> Valg:
    """Create or change an election (admins)."""
    if not access_for(bruker).is_admin:
        raise PermissionDenied
    action = AuditAction.CREATE if valg.pk is None else AuditAction.UPDATE
    valg.full_clean()
    valg.save()
    audit.log(_context(bruker, ip), action, obj=valg, data={"felt": sorted(endret)})
    return valg


def sjekk_frist(valg: Valg, dager_for: int) -> None:
    longest = (valg.dato - valg.kampanjestart).days
    if not 0 <= dager_for <= longest:
        raise ValidationError(
            {
                "dager_for": _(
                    "Fristen kan ikke være før valgkampen begynner (%(start)s): "
                    "høyst %(dager)s dager før valgdagen."
                )
                % {"start": valg.kampanjestart.strftime("%d.%m.%Y"), "dager": longest}
            }
        )


def _sjekk_antall(antall: int) -> None:
    if not 1 <= antall <= 500:
        raise ValidationError({"antall": _("Antallet må være mellom 1 og 500.")})


@transaction.atomic
def maal_sett(
    *,
    valg: Valg,
    lokallag_ids: Iterable[int],
    art: str,
    antall: int,
    dager_for: int,
    bruker,
    ip: str | None = None,
) -> tuple[int, int]:
    """Set one goal for many chapters: new where the chapter has none of the kind, changed
    where it has. Every chapter must be one the user plans for, or nothing is saved. Returns
    (created, changed)."""
    ids = set(lokallag_ids)
    allowed = set(planlegbare_lag(bruker).filter(pk__in=ids).values_list("pk", flat=True))
    if not ids or allowed != ids:
        raise PermissionDenied
    if art not in Maalart.values:
        raise ValidationError({"art": _("Velg et mål fra listen.")})
    _sjekk_antall(antall)
    sjekk_frist(valg, dager_for)
    existing = {
        g.lokallag_id: g
        for g in Valgkampmaal.objects.select_for_update().filter(
            valg=valg, art=art, lokallag_id__in=ids
        )
    }
    created = changed = 0
    for lokallag_id in sorted(ids):
        goal = existing.get(lokallag_id)
        if goal is None:
            goal = Valgkampmaal.objects.create(
                valg=valg,
                lokallag_id=lokallag_id,
                art=art,
                antall=antall,
                dager_for=dager_for,
                endret_av=bruker,
            )
            created += 1
            action = AuditAction.CREATE
        elif (goal.antall, goal.dager_for) != (antall, dager_for):
            goal.antall, goal.dager_for, goal.endret_av = antall, dager_for, bruker
            goal.save(update_fields=["antall", "dager_for", "endret_av", "endret"])
            changed += 1
            action = AuditAction.UPDATE
        else:
            continue
        audit.log(
            _context(bruker, ip),
            action,
            obj=goal,
            data={"valg": valg.pk, "art": art, "antall": antall, "dager_for": dager_for},
        )
    return created, changed


def _editable(maal: Valgkampmaal, bruker) -> Valgkampmaal:
    goal = (
        Valgkampmaal.objects.editable_by(bruker)
        .select_for_update(of=("self",))
        .select_related("valg")
        .filter(pk=maal.pk)
        .first()
    )
    if goal is None:
        raise PermissionDenied
    return goal


@transaction.atomic
def maal_endre(
    *, maal: Valgkampmaal, antall: int, dager_for: int, bruker, ip: str | None = None
) -> Valgkampmaal:
    goal = _editable(maal, bruker)
    _sjekk_antall(antall)
    sjekk_frist(goal.valg, dager_for)
    changed = [
        name
        for name, value in (("antall", antall), ("dager_for", dager_for))
        if getattr(goal, name) != value
    ]
    goal.antall, goal.dager_for, goal.endret_av = antall, dager_for, bruker
    goal.save(update_fields=["antall", "dager_for", "endret_av", "endret"])
    audit.log(_context(bruker, ip), AuditAction.UPDATE, obj=goal, data={"felt": changed})
    return goal


@transaction.atomic
def maal_slett(*, maal: Valgkampmaal, bruker, ip: str | None = None) -> None:
    goal = _editable(maal, bruker)
    audit.log(
        _context(bruker, ip),
        AuditAction.DELETE,
        obj=goal,
        data={"valg": goal.valg_id, "lokallag": goal.lokallag_id, "art": goal.art},
    )
    goal.delete()


@transaction.atomic
def maal_rapporter(
    *,
    maal: Valgkampmaal,
    rapportert: int,
    bruker,
    today: datetime.date | None = None,
    ip: str | None = None,
) -> Valgkampmaal:
    """The chapter's count so far of a goal not counted from activities (social media)."""
    goal = Valgkampmaal.objects.select_for_update().get(pk=maal.pk)
    if not kan_rapportere(bruker, goal.lokallag_id):
        raise PermissionDenied
    if goal.aktivitetstype is not None:
        raise ValidationError(
            _("Dette målet telles fra lagets aktiviteter: registrer aktivitetene i stedet.")
        )
    if not 0 <= rapportert <= 10000:
        raise ValidationError({"rapportert": _("Antallet må være mellom 0 og 10 000.")})
    goal.rapportert = rapportert
    goal.rapportert_dato = today or timezone.localdate()
    goal.endret_av = bruker
    goal.save(update_fields=["rapportert", "rapportert_dato", "endret_av", "endret"])
    audit.log(_context(bruker, ip), AuditAction.UPDATE, obj=goal, data={"rapportert": rapportert})
    return goal
