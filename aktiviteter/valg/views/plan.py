"""The campaign plan: the committee sets goals for many chapters at once and changes or
deletes single goals; a chapter's page shows each goal's progress, and its officers report
its social-media posts. The board reads every page but changes nothing (403)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aktiviteter.valg.forms.plan import MaalEndreForm, MaalForm, RapportForm
from aktiviteter.valg.models import Valg, Valgkampmaal
from aktiviteter.valg.selectors.plan import lagstatus_for
from aktiviteter.valg.services import plan as services
from aktiviteter.valg.tilgang import handles_valg, kan_rapportere, planlegbare_lag, synlige_lag
from aktiviteter.valg.views.valg import valg_for
from buskerud_sp.core.audit import client_ip
from buskerud_sp.core.permissions import ensure


def _apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def plan(request: HttpRequest, pk: int) -> HttpResponse:
    valg = valg_for(request, pk)
    lag = planlegbare_lag(request.user)
    editable_ids = set(lag.values_list("pk", flat=True))
    if request.method == "POST" and not editable_ids:
        raise PermissionDenied
    form = MaalForm(request.POST if request.method == "POST" else None, valg=valg, lag=lag)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created, changed = services.maal_sett(
                valg=valg,
                lokallag_ids=[c.pk for c in data["valgte_lag"]],
                art=data["art"],
                antall=data["antall"],
                dager_for=data["dager_for"],
                bruker=request.user,
                ip=client_ip(request),
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request,
                _("Målet er satt: %(ny)s nye, %(endret)s endret.")
                % {"ny": created, "endret": changed},
            )
            return redirect("valg:plan", pk=valg.pk)
    rows = lagstatus_for(
        valg,
        synlige_lag(request.user)
        .select_related("distrikt")
        .order_by("distrikt__rekkefolge", "distrikt__navn", "navn"),
        Valgkampmaal.objects.visible_to(request.user),
        timezone.localdate(),
    )
    return render(
        request,
        "aktiviteter/valg/plan.html",
        {
            "valg": valg,
            "form": form if editable_ids else None,
            "rader": rows,
            "kan_endre": editable_ids,
        },
    )


def _goal(request: HttpRequest, pk: int, maal_pk: int) -> Valgkampmaal:
    """A goal of the election the user may see (others: 404)."""
    ensure(request.user, handles_valg)
    return get_object_or_404(
        Valgkampmaal.objects.visible_to(request.user).select_related("valg", "lokallag"),
        pk=maal_pk,
        valg_id=pk,
    )


def _editable_goal(request: HttpRequest, pk: int, maal_pk: int) -> Valgkampmaal:
    goal = _goal(request, pk, maal_pk)
    if not Valgkampmaal.objects.editable_by(request.user).filter(pk=goal.pk).exists():
        raise PermissionDenied
    return goal


def maal_endre(request: HttpRequest, pk: int, maal_pk: int) -> HttpResponse:
    goal = _editable_goal(request, pk, maal_pk)
    form = MaalEndreForm(request.POST if request.method == "POST" else None, instance=goal)
    if request.method == "POST" and form.is_valid():
        try:
            services.maal_endre(
                maal=goal,
                antall=form.cleaned_data["antall"],
                dager_for=form.cleaned_data["dager_for"],
                bruker=request.user,
                ip=client_ip(request),
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Målet er endret."))
            return redirect("valg:plan", pk=pk)
    return render(
        request, "aktiviteter/valg/maal_form.html", {"form": form, "maal": goal, "valg": goal.valg}
    )


@require_POST
def maal_slett(request: HttpRequest, pk: int, maal_pk: int) -> HttpResponse:
    goal = _editable_goal(request, pk, maal_pk)
    services.maal_slett(maal=goal, bruker=request.user, ip=client_ip(request))
    messages.success(
        request,
        _("Målet «%(art)s» for %(lag)s er slettet.")
        % {"art": goal.get_art_display(), "lag": goal.lokallag.navn},
    )
    return redirect("valg:plan", pk=pk)


@require_POST
def maal_rapport(request: HttpRequest, pk: int, maal_pk: int) -> HttpResponse:
    goal = _goal(request, pk, maal_pk)
    if not kan_rapportere(request.user, goal.lokallag_id):
        raise PermissionDenied
    back = reverse("valg:lag", kwargs={"pk": pk, "slug": goal.lokallag.slug})
    form = RapportForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["rapportert"]))
        return redirect(back)
    try:
        services.maal_rapporter(
            maal=goal,
            rapportert=form.cleaned_data["rapportert"],
            bruker=request.user,
            ip=client_ip(request),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Antallet er lagret."))
    return redirect(back)


def lag(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    valg: Valg = valg_for(request, pk)
    chapter = get_object_or_404(synlige_lag(request.user).select_related("distrikt"), slug=slug)
    (row,) = lagstatus_for(
        valg,
        [chapter],
        Valgkampmaal.objects.visible_to(request.user),
        timezone.localdate(),
    )
    return render(
        request,
        "aktiviteter/valg/lag.html",
        {
            "valg": valg,
            "lokallag": chapter,
            "rad": row,
            "kan_rapportere": kan_rapportere(request.user, chapter.pk),
            "kan_endre": planlegbare_lag(request.user).filter(pk=chapter.pk).exists(),
        },
    )


urlpatterns = [
    path("<int:pk>/plan/", plan, name="plan"),
    path("<int:pk>/plan/<int:maal_pk>/endre/", maal_endre, name="maal_endre"),
    path("<int:pk>/plan/<int:maal_pk>/slett/", maal_slett, name="maal_slett"),
    path("<int:pk>/plan/<int:maal_pk>/rapport/", maal_rapport, name="maal_rapport"),
    path("<int:pk>/lag/<slug:slug>/", lag, name="lag"),
]
