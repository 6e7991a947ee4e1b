"""The notice's pages: the leader writes and sends it, prints the letters and asks for approval
of a late notice; the admins approve; the members read the papers (in the portal, or through
their signed link from the mail, registered with /svar/ from ``AktiviteterConfig.ready``)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from aktiviteter.arsmote.models import LOVPALAGTE_SAKER, Arsmote
from aktiviteter.arsmote.services import innkalling
from aktiviteter.arsmote.services.syklus import kan_styre
from aktiviteter.arsmote.views.syklus import handles_cycle
from buskerud_sp.core.access import access_for
from buskerud_sp.core.audit import AuditContext
from buskerud_sp.core.permissions import admin_required, ensure


class InnkallingForm(forms.ModelForm):
    class Meta:
        model = Arsmote
        fields = ["innledning", "andre_saker"]
        widgets = {
            "innledning": forms.Textarea(attrs={"rows": 6}),
            "andre_saker": forms.Textarea(attrs={"rows": 5}),
        }


class SenInnkallingForm(forms.Form):
    grunn = forms.CharField(
        label=gettext_lazy("Hvorfor kommer innkallingen sent?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )


def _meeting(request: HttpRequest, pk: int) -> Arsmote:
    ensure(request.user, handles_cycle)
    return get_object_or_404(
        Arsmote.objects.visible_to(request.user).select_related("lokallag"), pk=pk
    )


def _papers(request: HttpRequest, arsmote: Arsmote, **extra) -> HttpResponse:
    context = {**innkalling.sakspapirer(arsmote), **extra}
    return render(request, "aktiviteter/arsmote/papirer.html", context)


def papirer(request: HttpRequest, pk: int) -> HttpResponse:
    """The notice and the papers in the portal: the members of the chapter once it is sent,
    the officers (a preview before), the board and admins."""
    arsmote = get_object_or_404(
        Arsmote.objects.innkalling_lesbar_for(request.user).select_related("lokallag"), pk=pk
    )
    return _papers(request, arsmote, kan_styre=kan_styre(request.user, arsmote))


@never_cache
def papirer_svar(request: HttpRequest, payload: dict) -> HttpResponse:
    """The papers through a member's signed link (/svar/<token>/), without logging in."""
    arsmote = innkalling.fra_token(payload)
    if arsmote is None:
        raise Http404
    return _papers(request, arsmote, offentlig=True)


def endre(request: HttpRequest, pk: int) -> HttpResponse:
    arsmote = _meeting(request, pk)
    if not kan_styre(request.user, arsmote):
        return redirect(arsmote)
    form = InnkallingForm(request.POST or None, instance=arsmote)
    if request.method == "POST" and form.is_valid():
        try:
            innkalling.innkalling_lagre(
                arsmote=arsmote,
                bruker=request.user,
                request=AuditContext.from_request(request),
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Innkallingen er lagret."))
            return redirect(arsmote)
    return render(
        request,
        "aktiviteter/arsmote/innkalling_form.html",
        {"form": form, "arsmote": arsmote, "faste_saker": [str(s) for s in LOVPALAGTE_SAKER]},
    )


def send(request: HttpRequest, pk: int) -> HttpResponse:
    """A confirmation with the counts (e-mail, letter), then the sending."""
    arsmote = _meeting(request, pk)
    if request.method == "POST":
        try:
            result = innkalling.innkalling_send(
                arsmote=arsmote, bruker=request.user, request=AuditContext.from_request(request)
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _(
                    "Innkallingen sendes nå på e-post til %(epost)s medlemmer. "
                    "%(brev)s medlemmer uten e-post trenger brev."
                )
                % {"epost": result.epost, "brev": result.brev},
            )
            return redirect(arsmote)
    elif not kan_styre(request.user, arsmote):
        return redirect(arsmote)
    return render(
        request,
        "aktiviteter/arsmote/innkalling_send.html",
        {
            "arsmote": arsmote,
            "status": innkalling.status(arsmote),
            "antall_epost": innkalling.mottakere_epost(arsmote).count(),
            "antall_brev": innkalling.mottakere_brev(arsmote).count(),
        },
    )


def brev(request: HttpRequest, pk: int) -> HttpResponse:
    """The letters for the members without e-mail, as one PDF."""
    arsmote = _meeting(request, pk)
    try:
        pdf = innkalling.innkalling_brev_pdf(
            arsmote=arsmote, bruker=request.user, request=AuditContext.from_request(request)
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(arsmote)
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"innkalling-arsmote-{arsmote.aar}-{arsmote.lokallag.slug}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def sen(request: HttpRequest, pk: int) -> HttpResponse:
    """The leader asks the admins to approve a late notice."""
    arsmote = _meeting(request, pk)
    if request.method != "POST" and not kan_styre(request.user, arsmote):
        return redirect(arsmote)
    form = SenInnkallingForm(request.POST or None, initial={"grunn": arsmote.sen_innkalling_grunn})
    if request.method == "POST" and form.is_valid():
        try:
            innkalling.sen_innkalling_be_om(
                arsmote=arsmote,
                bruker=request.user,
                grunn=form.cleaned_data["grunn"],
                request=AuditContext.from_request(request),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Administratorene har fått beskjed og godkjenner innkallingen.")
            )
            return redirect(arsmote)
    return render(
        request,
        "aktiviteter/arsmote/innkalling_sen.html",
        {"form": form, "arsmote": arsmote, "status": innkalling.status(arsmote)},
    )


@admin_required
def godkjenning(request: HttpRequest) -> HttpResponse:
    """The late notices waiting for an admin's approval."""
    return render(
        request,
        "aktiviteter/arsmote/godkjenning.html",
        {"ventende": innkalling.venter_godkjenning(), "access": access_for(request.user)},
    )


@require_POST
@admin_required
def godkjenn(request: HttpRequest, pk: int) -> HttpResponse:
    arsmote = get_object_or_404(Arsmote.objects.select_related("lokallag"), pk=pk)
    try:
        innkalling.sen_innkalling_godkjenn(
            arsmote=arsmote, bruker=request.user, request=AuditContext.from_request(request)
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Den sene innkallingen for %(lag)s er godkjent.") % {"lag": arsmote.lokallag.navn},
        )
    return redirect("arsmote:godkjenning")


urlpatterns = [
    path("godkjenning/", godkjenning, name="godkjenning"),
    path("<int:pk>/innkalling/", papirer, name="innkalling"),
    path("<int:pk>/innkalling/endre/", endre, name="innkalling_endre"),
    path("<int:pk>/innkalling/send/", send, name="innkalling_send"),
    path("<int:pk>/innkalling/brev.pdf", brev, name="innkalling_brev"),
    path("<int:pk>/innkalling/sen/", sen, name="innkalling_sen"),
    path("<int:pk>/innkalling/godkjenn/", godkjenn, name="innkalling_godkjenn"),
]
