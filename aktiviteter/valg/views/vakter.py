"""The stand rosters: a stand's shifts with who signed up and the gaps (the leader adds,
changes and deletes shifts, removes and adds people), the election's stands with their gaps,
and the member's own page of open shifts («Ta vakten»)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aktiviteter.aktivitet.models import Aktivitet, Status
from aktiviteter.aktivitet.models.typer import VAKTTYPER
from aktiviteter.valg.forms.vakter import LeggTilForm, VaktForm
from aktiviteter.valg.models import Pameldingskilde, Vakt, Vaktpamelding, Valg
from aktiviteter.valg.selectors.vakter import ledige_plasser, vakter_med_antall
from aktiviteter.valg.services import vakter as service
from aktiviteter.valg.services import vaktpost
from buskerud_sp.core.access import access_for
from buskerud_sp.core.audit import AuditContext, client_ip
from buskerud_sp.core.parsing import row_id
from buskerud_sp.core.permissions import ensure, has_activity_access
from medlemmer.models import Medlem


def _stand(request: HttpRequest, pk: int) -> Aktivitet:
    """A stand the user may see (404 otherwise)."""
    ensure(request.user, has_activity_access)
    return get_object_or_404(
        Aktivitet.objects.visible_to(request.user)
        .filter(type__in=VAKTTYPER)
        .select_related("enhet"),
        pk=pk,
    )


def _styrt_stand(request: HttpRequest, pk: int) -> Aktivitet:
    aktivitet = _stand(request, pk)
    if not service.kan_styre_stand(request.user, aktivitet):
        raise Http404
    return aktivitet


def _medlemmer_for_stand(request: HttpRequest, aktivitet: Aktivitet):
    """Whom the leader may put on the stand's shifts: active members they may see, of the
    stand's chapter(s) (any chapter for a county stand)."""
    qs = Medlem.objects.visible_to(request.user).aktive().ikke_anonymisert()
    lag = service.lag_for_stand(aktivitet)
    return qs if lag is None else qs.filter(lokallag_id__in=lag)


def _stand_url(aktivitet: Aktivitet) -> str:
    return reverse("valg:stand", kwargs={"pk": aktivitet.pk})


def stand(request: HttpRequest, pk: int) -> HttpResponse:
    aktivitet = _stand(request, pk)
    kan_styre = service.kan_styre_stand(request.user, aktivitet)
    vakter = list(vakter_med_antall([aktivitet.pk]))
    pameldte = service.pameldte([v.pk for v in vakter])
    synlige = set(
        Medlem.objects.visible_to(request.user)
        .filter(vaktpameldinger__vakt__aktivitet=aktivitet)
        .values_list("pk", flat=True)
    )
    rader = []
    for vakt in vakter:
        liste = pameldte.get(vakt.pk, [])
        rader.append(
            {
                "vakt": vakt,
                "synlige": [p for p in liste if p.medlem_id in synlige],
                "skjulte": sum(1 for p in liste if p.medlem_id not in synlige),
                "mangler": max(vakt.plasser - vakt.antall_pameldt, 0),
            }
        )
    form = None
    if kan_styre and any(r["mangler"] for r in rader):
        form = LeggTilForm(
            vakter=Vakt.objects.filter(aktivitet=aktivitet),
            medlemmer=_medlemmer_for_stand(request, aktivitet),
        )
    return render(
        request,
        "aktiviteter/valg/stand.html",
        {
            "aktivitet": aktivitet,
            "rader": rader,
            "mangler": sum(r["mangler"] for r in rader),
            "kan_styre": kan_styre,
            "form": form,
        },
    )


def vakt_ny(request: HttpRequest, pk: int) -> HttpResponse:
    aktivitet = _styrt_stand(request, pk)
    return _vakt_form(request, aktivitet, Vakt(aktivitet=aktivitet))


def vakt_endre(request: HttpRequest, pk: int, vakt_pk: int) -> HttpResponse:
    aktivitet = _styrt_stand(request, pk)
    vakt = get_object_or_404(Vakt, pk=vakt_pk, aktivitet=aktivitet)
    return _vakt_form(request, aktivitet, vakt)


def _vakt_form(request: HttpRequest, aktivitet: Aktivitet, vakt: Vakt) -> HttpResponse:
    ny = vakt.pk is None
    if request.method == "POST":
        form = VaktForm(request.POST, instance=vakt)
        if form.is_valid():
            try:
                service.lagre_vakt(form.instance, bruker=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request, _("Vakten er lagt til.") if ny else _("Vakten er endret.")
                )
                return redirect(_stand_url(aktivitet))
    else:
        form = VaktForm(instance=vakt)
    return render(
        request,
        "aktiviteter/valg/vakt_form.html",
        {"aktivitet": aktivitet, "form": form, "ny": ny, "form_errors": form.errors},
    )


@require_POST
def vakt_slett(request: HttpRequest, pk: int, vakt_pk: int) -> HttpResponse:
    aktivitet = _styrt_stand(request, pk)
    vakt = get_object_or_404(Vakt, pk=vakt_pk, aktivitet=aktivitet)
    try:
        service.slett_vakt(vakt, bruker=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Vakten er slettet."))
    return redirect(_stand_url(aktivitet))


@require_POST
def pamelding_fjern(request: HttpRequest, pk: int, pamelding_pk: int) -> HttpResponse:
    aktivitet = _styrt_stand(request, pk)
    pamelding = get_object_or_404(
        Vaktpamelding.objects.filter(
            medlem__in=Medlem.objects.visible_to(request.user)
        ).select_related("medlem"),
        pk=pamelding_pk,
        vakt__aktivitet=aktivitet,
    )
    service.fjern_pamelding(
        pamelding, bruker=request.user, context=AuditContext.from_request(request)
    )
    messages.success(
        request, _("%(navn)s er fjernet fra vakten.") % {"navn": pamelding.medlem.navn}
    )
    return redirect(_stand_url(aktivitet))


@require_POST
def stand_legg_til(request: HttpRequest, pk: int) -> HttpResponse:
    aktivitet = _styrt_stand(request, pk)
    form = LeggTilForm(
        request.POST,
        vakter=Vakt.objects.filter(aktivitet=aktivitet).select_related("aktivitet__enhet"),
        medlemmer=_medlemmer_for_stand(request, aktivitet),
    )
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(_stand_url(aktivitet))
    medlem = form.cleaned_data["medlem"]
    try:
        service.ta_vakt(
            form.cleaned_data["vakt"],
            medlem,
            Pameldingskilde.LEDER,
            context=AuditContext.from_request(request),
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("%(navn)s er ført opp.") % {"navn": medlem.navn})
    return redirect(_stand_url(aktivitet))


def valg_vakter(request: HttpRequest, pk: int) -> HttpResponse:
    """The election's stands (campaign start to election day) the user may see, with gaps."""
    ensure(request.user, has_activity_access)
    valg = get_object_or_404(Valg, pk=pk)
    stander = list(
        Aktivitet.objects.visible_to(request.user)
        .filter(type__in=VAKTTYPER, dato__gte=valg.kampanjestart, dato__lte=valg.dato)
        .select_related("enhet")
        .order_by("dato", "starttid", "pk")
    )
    ledige = ledige_plasser([s.pk for s in stander])
    bare_mangler = request.GET.get("mangler") == "1"
    rader = []
    for s in stander:
        vakter = ledige.get(s.pk, [])
        mangler = sum(n for _v, n in vakter)
        if bare_mangler and not mangler:
            continue
        rader.append({"stand": s, "vakter": len(vakter), "mangler": mangler})
    return render(
        request,
        "aktiviteter/valg/vakter.html",
        {"valg": valg, "rader": rader, "bare_mangler": bare_mangler},
    )


def _eget_medlem(request: HttpRequest) -> Medlem:
    access = access_for(request.user)
    if not access.medlem_id:
        raise Http404
    return get_object_or_404(Medlem.objects.select_related("lokallag"), pk=access.medlem_id)


def mine_vakter(request: HttpRequest) -> HttpResponse:
    """The open coming shifts of the member's chapter and the county, and their own."""
    medlem = _eget_medlem(request)
    idag = timezone.localdate()
    naa = timezone.localtime()
    stander = list(
        service.stander_for_medlem(medlem)
        .filter(dato__gte=idag)
        .select_related("enhet")
        .order_by("dato", "starttid", "pk")
    )
    ledige = ledige_plasser([s.pk for s in stander])
    mine_ids = set(Vaktpamelding.objects.filter(medlem=medlem).values_list("vakt_id", flat=True))
    apne = []
    for s in stander:
        vakter = [
            {"vakt": v, "ledige": n, "min": v.pk in mine_ids}
            for v, n in ledige.get(s.pk, [])
            if s.dato > idag or v.start > naa.time()
        ]
        if vakter:
            apne.append({"stand": s, "vakter": vakter})
    mine = (
        Vaktpamelding.objects.filter(medlem=medlem, vakt__aktivitet__dato__gte=idag)
        .select_related("vakt", "vakt__aktivitet")
        .order_by("vakt__aktivitet__dato", "vakt__start")
    )
    return render(
        request,
        "aktiviteter/valg/mine_vakter.html",
        {"apne": apne, "mine": mine, "medlem": medlem},
    )


@require_POST
def ta_vakt(request: HttpRequest, vakt_pk: int) -> HttpResponse:
    medlem = _eget_medlem(request)
    vakt = get_object_or_404(
        Vakt.objects.filter(Q(aktivitet__in=service.stander_for_medlem(medlem))).select_related(
            "aktivitet", "aktivitet__enhet"
        ),
        pk=vakt_pk,
    )
    try:
        service.ta_vakt(
            vakt, medlem, Pameldingskilde.PORTAL, context=AuditContext.from_request(request)
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Du har tatt vakten. Takk!"))
    return redirect("valg:mine_vakter")


@require_POST
def gi_fra_vakt(request: HttpRequest, vakt_pk: int) -> HttpResponse:
    medlem = _eget_medlem(request)
    vakt = get_object_or_404(
        Vakt.objects.filter(pameldinger__medlem=medlem).select_related("aktivitet"), pk=vakt_pk
    )
    try:
        service.gi_fra_seg_vakt(vakt, medlem, context=AuditContext.from_request(request))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Du har gitt fra deg vakten."))
    return redirect("valg:mine_vakter")


def stand_inviter(request: HttpRequest, pk: int) -> HttpResponse:
    """«Inviter til vaktene»: the count first, then POST sends."""
    aktivitet = _styrt_stand(request, pk)
    mottakere = vaktpost.mottakere(aktivitet)
    if request.method == "POST":
        antall = vaktpost.inviter(aktivitet, context=AuditContext.from_request(request))
        messages.success(
            request,
            _("Invitasjonen sendes til %(antall)s medlemmer.") % {"antall": antall},
        )
        return redirect(_stand_url(aktivitet))
    return render(
        request,
        "aktiviteter/valg/stand_inviter.html",
        {"aktivitet": aktivitet, "antall": mottakere.count()},
    )


def svar_side(request: HttpRequest, payload: dict) -> HttpResponse:
    """/svar/<token>/ of «Inviter til vaktene»: the stand and its shifts with free places (no
    names) and the member's own; only a POST takes a shift (link scanners only GET)."""
    found = vaktpost.fra_token(payload)
    if found is None:
        raise Http404
    aktivitet, medlem = found
    feil = ""
    lagret = None
    if request.method == "POST":
        vakt = Vakt.objects.filter(aktivitet=aktivitet, pk=row_id(request.POST.get("vakt"))).first()
        if vakt is None:
            feil = _("Velg en vakt.")
        else:
            try:
                service.ta_vakt(
                    vakt,
                    medlem,
                    Pameldingskilde.LENKE,
                    context=AuditContext(ip=client_ip(request)),
                )
            except ValidationError as error:
                feil = error.messages[0]
            else:
                lagret = vakt
    mine = set(
        Vaktpamelding.objects.filter(medlem=medlem, vakt__aktivitet=aktivitet).values_list(
            "vakt_id", flat=True
        )
    )
    naa = timezone.now()
    vakter = [
        {"vakt": v, "ledige": n, "min": v.pk in mine, "startet": service.har_startet(v, naa)}
        for v, n in ledige_plasser([aktivitet.pk]).get(aktivitet.pk, [])
    ]
    return render(
        request,
        "aktiviteter/valg/svar.html",
        {
            "aktivitet": aktivitet,
            "navn": medlem.fornavn,
            "vakter": vakter,
            "lagret": lagret,
            "feil": feil,
            "avlyst": aktivitet.status == Status.AVLYST,
        },
        status=400 if feil else 200,
    )


urlpatterns = [
    path("vakter/", mine_vakter, name="mine_vakter"),
    path("vakter/<int:vakt_pk>/ta/", ta_vakt, name="ta_vakt"),
    path("vakter/<int:vakt_pk>/gi-fra/", gi_fra_vakt, name="gi_fra_vakt"),
    path("<int:pk>/vakter/", valg_vakter, name="vakter"),
    path("stand/<int:pk>/", stand, name="stand"),
    path("stand/<int:pk>/inviter/", stand_inviter, name="stand_inviter"),
    path("stand/<int:pk>/vakt/ny/", vakt_ny, name="vakt_ny"),
    path("stand/<int:pk>/vakt/<int:vakt_pk>/", vakt_endre, name="vakt_endre"),
    path("stand/<int:pk>/vakt/<int:vakt_pk>/slett/", vakt_slett, name="vakt_slett"),
    path("stand/<int:pk>/legg-til/", stand_legg_til, name="stand_legg_til"),
    path(
        "stand/<int:pk>/pamelding/<int:pamelding_pk>/fjern/",
        pamelding_fjern,
        name="pamelding_fjern",
    ),
]
