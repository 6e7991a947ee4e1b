"""Right of access (GDPR Art. 15): everything the portal holds about a member.

Every model that points at ``Medlem`` must be either exported here (``SECTIONS``) or listed in
``NOT_EXPORTED`` with the reason; a test walks the models and fails otherwise. Models whose
rows hold personal data beyond the link add a redactor to ``REDACTORS`` for erasure.
"""

from __future__ import annotations

from collections.abc import Callable

from django.forms.models import model_to_dict

from buskerud_sp.models import AuditEntry
from lokallag.models import Verv

from .models import Medlem

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


def _revisjon(m: Medlem) -> list[dict]:
    entries = AuditEntry.objects.filter(medlem_id=m.pk).order_by("created_at")
    return [
        {"tidspunkt": e.created_at, "handling": e.get_action_display(), "utfort_av": e.actor_label}
        for e in entries
    ]


SECTIONS: dict[str, Section] = {
    "medlemskap": _medlem,
    "verv": _verv,
    "vervede_medlemmer": _vervede,
    "innlogging": _innlogging,
    "oppslag_og_endringer": _revisjon,
}


def register(
    key: str,
    section: Section,
    covers: set[tuple[str, str]],
    redactor: Redactor | None = None,
) -> None:
    """Other apps add what they hold about a member."""
    SECTIONS[key] = section
    COVERED.update(covers)
    if redactor:
        REDACTORS.append(redactor)


def redact_text_fields(queryset, fields: list[str], needles: list[str]) -> int:
    """Replace the needles (any case) with «[sladdet]» in free-text fields of the rows, for
    redactors of notes that may name a member. Scanned in Python, so that the match does not
    depend on how a database folds case. Returns the number of rows changed."""
    import re

    patterns = [re.compile(re.escape(n), re.IGNORECASE) for n in needles if n]
    changed = 0
    for row in queryset.only("pk", *fields).iterator(chunk_size=2000):
        dirty = []
        for name in fields:
            text = getattr(row, name) or ""
            new = text
            for pattern in patterns:
                new = pattern.sub("[sladdet]", new)
            if new != text:
                setattr(row, name, new)
                dirty.append(name)
        if dirty:
            type(row).objects.filter(pk=row.pk).update(**{n: getattr(row, n) for n in dirty})
            changed += 1
    return changed


def member_data(medlem: Medlem) -> dict:
    return {key: section(medlem) for key, section in SECTIONS.items()}


def _redact_import_reports(medlem: Medlem, needles: list[str]) -> None:
    """Import reports list changed and rejected rows; drop the lines that name the person."""
    from .models import Medlemsimport

    lowered = [n.lower() for n in needles]
    for imp in Medlemsimport.objects.exclude(rapport={}).only("pk", "rapport"):
        changed = False
        for key in ("endret", "avvist"):
            rows = imp.rapport.get(key) or []
            kept = [r for r in rows if not any(n in str(r).lower() for n in lowered)]
            if len(kept) != len(rows):
                imp.rapport[key] = kept
                changed = True
        if changed:
            imp.save(update_fields=["rapport"])


REDACTORS.append(_redact_import_reports)
