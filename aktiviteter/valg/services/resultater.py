"""The admin's entry of a result: one municipality's votes, valid votes, share and seats.

The share is computed from votes and valid votes when left empty; given both, a share more
than 0.1 percentage points off the computed one is refused (a typo in one of the three). A
row typed in by an admin is real, so saving it clears the demo flag."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from aktiviteter.valg.models import Kommune, Valg, Valgresultat
from buskerud_sp.core import audit
from buskerud_sp.core.access import access_for
from buskerud_sp.core.audit import AuditContext
from buskerud_sp.core.models import AuditAction

# How far a typed share may be from votes / valid votes (percentage points).
TOLERANSE = Decimal("0.1")


def beregnet_andel(stemmer: int, godkjente: int) -> Decimal:
    return (Decimal(stemmer) * 100 / godkjente).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def kontroller_tall(
    *, stemmer: int, godkjente: int | None, andel: Decimal | None
) -> tuple[Decimal, dict[str, str]]:
    """The share to store, and the errors by field (the same rules for entry and import)."""
    errors: dict[str, str] = {}
    if stemmer is not None and stemmer < 0:
        errors["stemmer"] = _("Stemmene kan ikke være negative.")
    if godkjente is not None and godkjente < 0:
        errors["godkjente_stemmer"] = _("Godkjente stemmer kan ikke være negative.")
    if andel is not None and not (0 <= andel <= 100):
        errors["andel"] = _("Oppslutningen må være mellom 0 og 100 prosent.")
    if errors:
        return andel or Decimal(0), errors
    if godkjente is not None and stemmer > godkjente:
        errors["stemmer"] = _(
            "Partiets stemmer (%(stemmer)s) kan ikke være flere enn de godkjente stemmene "
            "(%(godkjente)s)."
        ) % {"stemmer": stemmer, "godkjente": godkjente}
        return andel or Decimal(0), errors
    if godkjente == 0 and stemmer == 0 and andel is None:
        return Decimal(0), errors
    if godkjente is not None and godkjente > 0:
        computed = beregnet_andel(stemmer, godkjente)
        if andel is None:
            return computed, errors
        if abs(andel - computed) > TOLERANSE:
            errors["andel"] = _(
                "Oppslutningen %(andel)s %% stemmer ikke med stemmene: %(stemmer)s av "
                "%(godkjente)s er %(beregnet)s %%. La feltet stå tomt for å regne den ut."
            ) % {
                "andel": str(andel).replace(".", ","),
                "stemmer": stemmer,
                "godkjente": godkjente,
                "beregnet": str(computed).replace(".", ","),
            }
        return andel, errors
    if andel is None:
        errors["andel"] = _("Oppgi oppslutningen, eller de godkjente stemmene så den regnes ut.")
        return Decimal(0), errors
    return andel, errors


def _ensure_admin(bruker) -> None:
    # The service enforces the rule the view's guard does: a crafted call meets it too.
    if not access_for(bruker).is_admin:
        raise PermissionDenied


def valgresultat_lagre(
    *,
    valg: Valg,
    kommune: Kommune,
    stemmer: int,
    godkjente_stemmer: int | None,
    andel: Decimal | None,
    mandater: int | None,
    bruker,
    ip: str | None = None,
    resultat: Valgresultat | None = None,
) -> Valgresultat:
    """Create (``resultat`` None) or change a result. Raises ``ValidationError`` by field."""
    _ensure_admin(bruker)
    verdi, errors = kontroller_tall(stemmer=stemmer, godkjente=godkjente_stemmer, andel=andel)
    if mandater is not None and mandater < 0:
        errors["mandater"] = _("Mandatene kan ikke være negative.")
    duplicate = Valgresultat.objects.filter(valg=valg, kommune=kommune)
    if resultat is not None:
        duplicate = duplicate.exclude(pk=resultat.pk)
    if duplicate.exists():
        errors["kommune"] = _("%(kommune)s har allerede et resultat for dette valget.") % {
            "kommune": kommune.navn
        }
    if errors:
        raise ValidationError(errors)
    ny = resultat is None
    resultat = resultat or Valgresultat(valg=valg)
    resultat.kommune = kommune
    resultat.stemmer = stemmer
    resultat.godkjente_stemmer = godkjente_stemmer
    resultat.andel = verdi
    resultat.mandater = mandater
    resultat.demo = False
    resultat.registrert_av = bruker
    try:
        with transaction.atomic():
            resultat.save()
            audit.log(
                AuditContext(user=bruker, ip=ip),
                AuditAction.CREATE if ny else AuditAction.UPDATE,
                obj=resultat,
                data={"valg": valg.pk, "kommune": kommune.nummer},
            )
    except IntegrityError:  # another admin saved the same municipality in between
        message = _("%(kommune)s har allerede et resultat for dette valget.")
        raise ValidationError({"kommune": message % {"kommune": kommune.navn}}) from None
    return resultat


def valgresultat_slett(*, resultat: Valgresultat, bruker, ip: str | None = None) -> None:
    _ensure_admin(bruker)
    with transaction.atomic():
        audit.log(
            AuditContext(user=bruker, ip=ip),
            AuditAction.DELETE,
            obj=resultat,
            data={"valg": resultat.valg_id, "kommune": resultat.kommune.nummer},
        )
        resultat.delete()
