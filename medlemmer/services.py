"""Writes to the member register. Views call these; they are the one place a member changes,
so that later rules (notifications) have one place to hook in; each writes its audit entry."""

import datetime

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from buskerud_sp.core import audit
from buskerud_sp.core.access import access_for
from buskerud_sp.core.accounts import email_taken_by_other
from buskerud_sp.core.audit import AuditContext
from buskerud_sp.core.mail import send_mail_template
from buskerud_sp.core.models import AuditAction
from buskerud_sp.core.telefon import InvalidPhoneNumber, normalise_phone
from lokallag.models import Verv

from .models import SAMTYKKEFELT, Medlem, innmeldt_feil


def _check_innmeldt(data: dict) -> None:
    feil = innmeldt_feil(data.get("innmeldt"), timezone.localdate()) if "innmeldt" in data else None
    if feil:
        raise ValidationError({"innmeldt": feil})


def _with_canonical_phone(data: dict) -> dict:
    """Phones are stored as E.164 whichever way in the data came (the forms already send it)."""
    if "telefon" not in data:
        return data
    try:
        return {**data, "telefon": normalise_phone(data["telefon"])}
    except InvalidPhoneNumber:
        raise ValidationError({"telefon": _("Ugyldig telefonnummer.")}) from None


# What a member may change about themself (their «Min profil» form shows these).
PROFILFELT = frozenset(
    {
        "epost",
        "telefon",
        "adresse",
        "postnummer",
        "poststed",
        "samtykke_paaminnelser",
        *SAMTYKKEFELT.values(),
        "foretrekker_sms",
    }
)


@transaction.atomic
def medlem_opprett(*, data: dict, av, ip: str | None = None) -> Medlem:
    """Create a member from validated form data (admins only, as the page that offers it)."""
    if not access_for(av).is_admin:
        raise PermissionDenied
    _check_innmeldt(data)
    data = _with_canonical_phone(data)
    medlem = Medlem(**data)
    medlem.full_clean()
    medlem.save()
    audit.log_member_change(AuditContext(user=av, ip=ip), AuditAction.CREATE, medlem, data)
    return medlem


@transaction.atomic
def medlem_oppdater(*, medlem: Medlem, data: dict, av, ip: str | None = None) -> Medlem:
    """Apply validated changes to a member; returns the member with the changes saved.

    Admins change everything; a member only their own contact details and consent."""
    scope = access_for(av).member_edit_scope(medlem.pk)
    if scope is None or (scope == "profile" and not PROFILFELT.issuperset(data)):
        raise PermissionDenied
    _check_innmeldt(data)
    data = _with_canonical_phone(data)
    for field, value in data.items():
        setattr(medlem, field, value)
    medlem.full_clean()
    medlem.save(update_fields=[*data.keys(), "endret"])
    audit.log_member_change(AuditContext(user=av, ip=ip), AuditAction.UPDATE, medlem, data)
    return medlem


@transaction.atomic
def medlem_meld_ut(
    *, medlem: Medlem, dato: datetime.date, grunn: str, av, ip: str | None = None
) -> Medlem:
    """End a membership on the given day. The member's offices end the same day, so any
    access they gave ends with them.

    Admins only, and once: the member page offers «Meld ut» only while no end is set, and a
    crafted POST must not overwrite the recorded day and reason."""
    if not access_for(av).is_admin:
        raise PermissionDenied
    ended = Medlem.objects.filter(pk=medlem.pk).values_list("utmeldt", flat=True).first()
    if ended is not None:
        raise ValidationError(
            {
                "utmeldt": _("Medlemmet er allerede meldt ut (%(dato)s).")
                % {"dato": f"{ended:%d.%m.%Y}"}
            }
        )
    medlem.utmeldt = dato
    medlem.utmeldingsgrunn = grunn
    medlem.full_clean()
    medlem.save(update_fields=["utmeldt", "utmeldingsgrunn", "endret"])
    Verv.objects.filter(medlem=medlem).aktive(dato).update(til_dato=dato)
    Verv.objects.filter(medlem=medlem, fra_dato__gt=dato).delete()
    audit.log_member_change(
        AuditContext(user=av, ip=ip), AuditAction.UPDATE, medlem, ["utmeldt", "utmeldingsgrunn"]
    )
    return medlem


class InvitationError(Exception):
    """The member cannot be given a login (a message for the admin says why)."""


@transaction.atomic
def medlem_inviter(*, medlem: Medlem, av, ip: str | None = None) -> None:
    """Give a member a login: create (or link) a user with no usable password and e-mail
    them a link to choose one. There is no self sign-up; this is how people get in."""
    if not medlem.epost:
        raise InvitationError(_("Medlemmet har ingen e-postadresse."))
    if not medlem.er_aktiv():
        raise InvitationError(_("Medlemmet er utmeldt."))
    user = medlem.bruker
    if user is None:
        # Never link the member to an account that exists already: the member's own profile
        # form sets Medlem.epost, so a member who typed an officer's address would otherwise
        # be given the officer's login (and an erasure of the member would take it away).
        if email_taken_by_other(medlem.epost):
            raise InvitationError(
                _(
                    "E-postadressen brukes allerede av en annen innlogging. Kontroller "
                    "medlemmets e-postadresse."
                )
            )
        user = get_user_model().objects.create_user(
            email=medlem.epost, first_name=medlem.fornavn, last_name=medlem.etternavn
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
    if medlem.bruker_id != user.pk:
        medlem.bruker = user
        medlem.save(update_fields=["bruker", "endret"])
    key = f"{user_pk_to_url_str(user)}-{default_token_generator.make_token(user)}"
    path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
    url = settings.SITE_URL + path.replace("UID-KEY", key)
    transaction.on_commit(
        lambda: send_mail_template(
            "innlogging_invitasjon",
            [user.email],
            {"medlem": medlem, "url": url, "invited_by": av.get_full_name() or av.email},
        )
    )
    audit.log_member_change(AuditContext(user=av, ip=ip), AuditAction.UPDATE, medlem, ["bruker"])
