"""Right of access (GDPR Art. 15): everything the portal holds about a member.

Every model that points at ``Medlem`` must be either exported here (``SECTIONS``) or listed in
``NOT_EXPORTED`` with the reason; a test walks the models and fails otherwise. Mentions in
free text (a name, phone or address typed into any text column, import reports, searches in the
audit trail) are found by ``medlemmer.omtaler``, which erasure uses too. A model whose rows need
more than that on erasure adds a redactor to ``REDACTORS``.
"""

from __future__ import annotations

from collections.abc import Callable

from allauth.usersessions.models import UserSession
from django.db.models import TextField
from django.db.models.functions import Cast
from django.forms.models import model_to_dict
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from buskerud_sp.core.models import AuditEntry
from lokallag.models import Verv

from .importing.services import ventende_importer_som_nevner
from .models import Innmeldingsforslag, Medlem
from .omtaler import Kjennetegn, omtaler, strings_in

Section = Callable[[Medlem], list[dict] | dict]

# (app_label.model, field) pairs that point at Medlem and are covered by a section below.
COVERED: set[tuple[str, str]] = {
    ("lokallag.verv", "medlem"),
    ("medlemmer.medlem", "vervet_av"),
}

# Pointers at Medlem that are deliberately not exported, and why.
NOT_EXPORTED: dict[tuple[str, str], str] = {}

# Called on erasure with the member and the strings that identified them (name, e-mail,
# phone, member number), to remove them from free text that is not linked by a key.
Redactor = Callable[[Medlem, list[str]], None]
REDACTORS: list[Redactor] = []

PERSONAL_FIELDS = [
    "medlemsnummer",
    "fornavn",
    "etternavn",
    "epost",
    "telefon",
    "adresse",
    "postnummer",
    "poststed",
    "fodselsdato",
    "kjonn",
    "innmeldt",
    "utmeldt",
    "utmeldingsgrunn",
    "folkevalgt",
    "folkevalgt_verv",
    "senterungdommen",
    "senterkvinnene",
    "samtykke_paaminnelser",
    "samtykke_arkiv",
    "kontingent_betalt_til",
    "opprettet",
    "endret",
]


def _medlem(m: Medlem) -> dict:
    data = model_to_dict(m, fields=PERSONAL_FIELDS)
    data.update(
        id=m.pk,
        lokallag=m.lokallag.navn,
        vervet_av=m.vervet_av.navn if m.vervet_av else None,
        vervekampanje=str(m.vervekampanje) if m.vervekampanje else None,
        opprettet=m.opprettet,
        endret=m.endret,
    )
    return data


def _verv(m: Medlem) -> list[dict]:
    return [
        {
            "rolle": v.get_rolle_display(),
            "enhet": v.enhet.navn,
            "fra": v.fra_dato,
            "til": v.til_dato,
        }
        for v in Verv.objects.filter(medlem=m).select_related("enhet").order_by("fra_dato")
    ]


def _vervede(m: Medlem) -> list[dict]:
    # Only that (and when) the member recruited someone: the recruits' names are theirs.
    return [
        {"innmeldt": d} for d in m.vervede.order_by("innmeldt").values_list("innmeldt", flat=True)
    ]


def _innlogging(m: Medlem) -> dict | None:
    user = m.bruker
    if user is None:
        return None
    return {"e-post": user.email, "opprettet": user.date_joined, "sist_innlogget": user.last_login}


def _okter(m: Medlem) -> list[dict]:
    """The member's open sessions (where they are logged in)."""
    if m.bruker_id is None:
        return []
    return [
        {
            "startet": s.created_at,
            "sist_aktiv": s.last_seen_at,
            "ip": s.ip,
            "nettleser": s.user_agent,
        }
        for s in UserSession.objects.filter(user_id=m.bruker_id).order_by("created_at")
    ]


def _revisjon(m: Medlem) -> list[dict]:
    entries = AuditEntry.objects.filter(medlem_id=m.pk).order_by("created_at")
    return [
        {"tidspunkt": e.created_at, "handling": e.get_action_display(), "utfort_av": e.actor_label}
        for e in entries
    ]


def _omtaler(m: Medlem) -> list[dict]:
    """Free text elsewhere that names the member (activities, notes, import reports)."""
    return omtaler(Kjennetegn.for_medlem(m))


def _ventende_importer(m: Medlem) -> list[dict]:
    """Register files uploaded for an import that waits for confirmation (kept at most a day)
    with rows that name the member."""
    kjennetegn = Kjennetegn.for_medlem(m)
    if not kjennetegn:
        return []
    return [
        {"fil": o.filnavn, "lastet_opp": o.opprettet, "rader": ", ".join(map(str, o.rader))}
        for o in ventende_importer_som_nevner(kjennetegn.found_in)
    ]


def _sok(m: Medlem) -> list[dict]:
    """Searches and lists in the audit trail whose details name the member (a search for their
    name or phone). Entries about the member themselves are in ``oppslag_og_endringer``."""
    kjennetegn = Kjennetegn.for_medlem(m)
    if not kjennetegn:
        return []
    entries = (
        AuditEntry.objects.annotate(tekst=Cast("data", TextField()))
        .filter(redacted=False, tekst__regex=kjennetegn.database_pattern)
        .exclude(medlem_id=m.pk)
        .order_by("created_at")
    )
    rows = []
    for e in entries:
        details = [t for t in strings_in(e.data) if kjennetegn.found_in(t)]
        if details:
            rows.append(
                {
                    "tidspunkt": e.created_at,
                    "handling": e.get_action_display(),
                    "utfort_av": e.actor_label,
                    "detaljer": ", ".join(details),
                }
            )
    return rows


# Each section's heading and the Norwegian label of each key in its records (the member's own
# fields are labelled with the model's verbose names), for ``innsyn_visning``.
TITLES: dict[str, str | Promise] = {
    "medlemskap": _("Medlemskap"),
    "verv": _("Verv"),
    "vervede_medlemmer": _("Medlemmer du har vervet"),
    "innlogging": _("Innlogging"),
    "innloggingsokter": _("Innloggingsøkter"),
    "oppslag_og_endringer": _("Oppslag og endringer"),
    "sok_etter_medlemmet": _("Søk etter deg"),
    "omtaler_i_fritekst": _("Omtaler i fritekst"),
    "ventende_importfiler": _("Importfiler som venter på godkjenning"),
}
LABELS: dict[str, str | Promise] = {
    **{name: Medlem._meta.get_field(name).verbose_name for name in PERSONAL_FIELDS},
    "id": _("id i portalen"),
    "lokallag": _("lokallag"),
    "vervet_av": _("vervet av"),
    "vervekampanje": _("vervekampanje"),
    "rolle": _("rolle"),
    "enhet": _("lag"),
    "fra": _("fra"),
    "til": _("til"),
    "e-post": _("e-post"),
    "sist_innlogget": _("sist innlogget"),
    "startet": _("startet"),
    "sist_aktiv": _("sist aktiv"),
    "ip": _("IP-adresse"),
    "nettleser": _("nettleser"),
    "tidspunkt": _("tidspunkt"),
    "handling": _("handling"),
    "utfort_av": _("utført av"),
    "detaljer": _("detaljer"),
    "hvor": _("hvor"),
    "tekst": _("tekst"),
    "fil": _("fil"),
    "lastet_opp": _("lastet opp"),
    "rader": _("rader"),
}

# Coded values of the member's own fields, shown as their words (the JSON keeps the codes).
CHOICES: dict[str, dict] = {
    name: {str(k): v for k, v in Medlem._meta.get_field(name).flatchoices}
    for name in PERSONAL_FIELDS
    if Medlem._meta.get_field(name).choices
}

SECTIONS: dict[str, Section] = {
    "medlemskap": _medlem,
    "verv": _verv,
    "vervede_medlemmer": _vervede,
    "innlogging": _innlogging,
    "innloggingsokter": _okter,
    "oppslag_og_endringer": _revisjon,
    "sok_etter_medlemmet": _sok,
    "omtaler_i_fritekst": _omtaler,
    "ventende_importfiler": _ventende_importer,
}


def register(
    key: str,
    section: Section,
    covers: set[tuple[str, str]],
    redactor: Redactor | None = None,
    *,
    title: str | Promise,
    labels: dict[str, str | Promise] | None = None,
) -> None:
    """Other apps add what they hold about a member, with the section's heading and the
    Norwegian labels of the keys in its records."""
    SECTIONS[key] = section
    TITLES[key] = title
    LABELS.update(labels or {})
    COVERED.update(covers)
    if redactor:
        REDACTORS.append(redactor)


def member_data(medlem: Medlem) -> dict:
    return {key: section(medlem) for key, section in SECTIONS.items()}


def _innmeldingsforslag(m: Medlem) -> list[dict]:
    """The proposal that made the member (their own data as the chapter gave it), and the
    proposals naming them as recruiter (only when: the proposed persons' data are theirs)."""
    own = [
        {
            "foreslatt": f.opprettet,
            "lokallag": f.lokallag.navn,
            "navn": f"{f.fornavn} {f.etternavn}",
            "epost": f.epost,
            "telefon": f.telefon,
            "fodselsdato": f.fodselsdato,
            "status": f.get_status_display(),
        }
        for f in Innmeldingsforslag.objects.filter(medlem=m).select_related("lokallag")
    ]
    recruited = [
        {"foreslatt": d, "som_verver": True}
        for d in Innmeldingsforslag.objects.filter(vervet_av=m).values_list("opprettet", flat=True)
    ]
    return own + recruited


def _slett_innmeldingsforslag(m: Medlem, _strings: list[str]) -> None:
    """Erasure: the proposal copied the member's name and contact details; it goes, and the
    member is no longer named as recruiter of other proposals."""
    Innmeldingsforslag.objects.filter(medlem=m).delete()
    Innmeldingsforslag.objects.filter(vervet_av=m).update(vervet_av=None)


register(
    "innmeldingsforslag",
    _innmeldingsforslag,
    {("medlemmer.innmeldingsforslag", "medlem"), ("medlemmer.innmeldingsforslag", "vervet_av")},
    _slett_innmeldingsforslag,
    title=_("Forslag om innmelding"),
    labels={
        "foreslatt": _("foreslått"),
        "navn": _("navn"),
        "som_verver": _("som verver"),
    },
)
