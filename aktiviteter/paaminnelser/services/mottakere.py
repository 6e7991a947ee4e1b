"""Who receives a reminder: the groups the rules name, resolved to members (who must have an
address, be current members and, for reminders, have consented) or to admins' logins."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from aktiviteter.aktivitet.models import Aktivitet
from aktiviteter.datoplan.models import Datoplanpunkt
from aktiviteter.paaminnelser.models import ARTER_MED_SAMTYKKE, Mottakere
from lokallag.models import FYLKESSTYREVERV, Niva, Rolle, Verv
from medlemmer.models import Medlem

M = Mottakere


@dataclass(frozen=True)
class Mottakerliste:
    medlem_ids: frozenset[int] = frozenset()
    bruker_ids: frozenset[int] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.medlem_ids or self.bruker_ids)


def kan_motta(art: str) -> QuerySet[Medlem]:
    """Members who can get a mail of this kind now."""
    qs = Medlem.objects.aktive().ikke_anonymisert().filter(epost__isnull=False).exclude(epost="")
    if art in ARTER_MED_SAMTYKKE:
        qs = qs.filter(samtykke_paaminnelser=True)
    return qs


def admin_brukere():
    return get_user_model().objects.filter(is_superuser=True, is_active=True).exclude(email="")


def _verv_medlemmer(verv: QuerySet[Verv]) -> QuerySet:
    return verv.values("medlem_id")


def lokallagsledere() -> QuerySet:
    return _verv_medlemmer(
        Verv.objects.aktive().filter(rolle=Rolle.LEDER, enhet__niva=Niva.LOKAL, enhet__aktiv=True)
    )


def ledere_i(enhet_ids: Iterable[int]) -> QuerySet:
    return _verv_medlemmer(Verv.objects.aktive().filter(rolle=Rolle.LEDER, enhet_id__in=enhet_ids))


def _members(art: str, medlem_ids) -> frozenset[int]:
    return frozenset(kan_motta(art).filter(pk__in=medlem_ids).values_list("pk", flat=True))


def _admins() -> frozenset[int]:
    return frozenset(admin_brukere().values_list("pk", flat=True))


def _i_lag(gruppe: str, art: str, lokallag_ids: frozenset[int]) -> Mottakerliste:
    """The chapter groups restricted to some chapters: their leaders, or their officers (with
    ``TILLITSVALGTE``). Other groups are not a chapter's: nobody."""
    if gruppe == M.LOKALLAGSLEDERE:
        return Mottakerliste(medlem_ids=_members(art, ledere_i(lokallag_ids)))
    if gruppe == M.TILLITSVALGTE:
        officers = Verv.objects.aktive().filter(enhet_id__in=lokallag_ids)
        return Mottakerliste(medlem_ids=_members(art, _verv_medlemmer(officers)))
    return Mottakerliste()


def mottakere_for(
    gruppe: str,
    art: str,
    *,
    aktivitet: Aktivitet | None = None,
    punkt: Datoplanpunkt | None = None,
    lokallag_ids: Iterable[int] | None = None,
) -> Mottakerliste:
    """The recipients of a reminder of kind ``art`` to group ``gruppe`` about an occasion.
    With ``lokallag_ids``, a chapter group (leaders, officers) is only those chapters'."""
    if lokallag_ids is not None:
        return _i_lag(gruppe, art, frozenset(lokallag_ids))
    if gruppe == M.ADMINISTRATORER:
        return Mottakerliste(bruker_ids=_admins())
    if gruppe in (M.TILLITSVALGTE, M.TILLITSVALGTE_OG_FOLKEVALGTE, M.FOLKEVALGTE):
        ids: set[int] = set()
        if gruppe != M.FOLKEVALGTE:
            ids |= set(_members(art, _verv_medlemmer(Verv.objects.aktive())))
        if gruppe != M.TILLITSVALGTE:
            ids |= set(kan_motta(art).filter(folkevalgt=True).values_list("pk", flat=True))
        return Mottakerliste(medlem_ids=frozenset(ids))
    if gruppe == M.LOKALLAGSLEDERE:
        return Mottakerliste(medlem_ids=_members(art, lokallagsledere()))
    if gruppe == M.FYLKESSTYRET:
        board = Verv.objects.aktive().filter(enhet__niva=Niva.FYLKE, rolle__in=FYLKESSTYREVERV)
        return Mottakerliste(medlem_ids=_members(art, _verv_medlemmer(board)))
    if gruppe == M.FYLKESLEDER_OG_ADMIN:
        leader = Verv.objects.aktive().filter(enhet__niva=Niva.FYLKE, rolle=Rolle.FYLKESLEDER)
        admins = _admins()
        # An admin who is also the county leader gets one mail, as admin.
        members = kan_motta(art).filter(pk__in=_verv_medlemmer(leader))
        members = members.exclude(bruker_id__in=admins)
        return Mottakerliste(
            medlem_ids=frozenset(members.values_list("pk", flat=True)), bruker_ids=admins
        )
    if gruppe == M.VERTSLAG:
        if aktivitet is not None and aktivitet.vertslag_id:
            hosts = _members(art, ledere_i([aktivitet.vertslag_id]))
            if hosts:
                return Mottakerliste(medlem_ids=hosts)
        return Mottakerliste(bruker_ids=_admins())
    if gruppe == M.ANSVARLIG:
        if punkt is not None and punkt.ansvarlig_person_id:
            person = _members(art, [punkt.ansvarlig_person_id])
            if person:
                return Mottakerliste(medlem_ids=person)
        if punkt is not None and punkt.ansvarlig_enhet_id:
            leaders = _members(art, ledere_i([punkt.ansvarlig_enhet_id]))
            if leaders:
                return Mottakerliste(medlem_ids=leaders)
        return Mottakerliste(bruker_ids=_admins())
    return Mottakerliste()
