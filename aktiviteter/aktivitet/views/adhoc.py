"""AdHoc groups on political topics: list, create, detail with their meetings, edit."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from aktiviteter.aktivitet import services
from aktiviteter.aktivitet.forms import AdHocGruppeForm
from aktiviteter.aktivitet.models import AdHocGruppe, Aktivitet
from buskerud_sp.core.permissions import activity_access_required
from lokallag.models import Lokallag


@require_GET
@activity_access_required
def group_list(request: HttpRequest) -> HttpResponse:
    groups = (
        AdHocGruppe.objects.visible_to(request.user)
        .select_related("enhet", "leder")
        .prefetch_related("medlemmer")
    )
    return render(
        request,
        "aktiviteter/aktivitet/adhoc_list.html",
        {
            "groups": groups,
            "can_register": Lokallag.objects.managed_by(request.user).exists(),
        },
    )


def _save(request: HttpRequest, form: AdHocGruppeForm) -> HttpResponse | None:
    if request.method == "POST" and form.is_valid():
        gruppe = services.adhoc_gruppe_lagre(
            gruppe=form.instance, medlemmer=form.cleaned_data["medlemmer"], bruker=request.user
        )
        messages.success(request, _("Gruppen «%(tema)s» er lagret.") % {"tema": gruppe.tema})
        return redirect(gruppe)
    return None


def group_create(request: HttpRequest) -> HttpResponse:
    units = Lokallag.objects.managed_by(request.user).aktive()
    if not units.exists():
        raise Http404
    form = AdHocGruppeForm(request.POST or None, user=request.user, units=units)
    return _save(request, form) or render(
        request, "aktiviteter/aktivitet/adhoc_form.html", {"form": form}
    )


def group_edit(request: HttpRequest, pk: int) -> HttpResponse:
    gruppe = get_object_or_404(AdHocGruppe.objects.managed_by(request.user), pk=pk)
    units = Lokallag.objects.managed_by(request.user)
    form = AdHocGruppeForm(request.POST or None, instance=gruppe, user=request.user, units=units)
    return _save(request, form) or render(
        request, "aktiviteter/aktivitet/adhoc_form.html", {"form": form, "gruppe": gruppe}
    )


@require_GET
def group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    gruppe = get_object_or_404(
        AdHocGruppe.objects.visible_to(request.user).select_related("enhet", "leder"), pk=pk
    )
    return render(
        request,
        "aktiviteter/aktivitet/adhoc_detail.html",
        {
            "gruppe": gruppe,
            "members": gruppe.medlemmer.order_by("fornavn", "etternavn"),
            "meetings": Aktivitet.objects.visible_to(request.user)
            .filter(adhoc_gruppe=gruppe)
            .select_related("enhet"),
            "can_edit": AdHocGruppe.objects.managed_by(request.user).filter(pk=pk).exists(),
        },
    )
