"""The annual report's pages: write it (prefilled with the draft the first time), read it,
print it (PDF), deliver it to the county, and, for admins, reopen a delivered one."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from aktiviteter.arsmote.models import Arsmelding, Arsmote
from aktiviteter.arsmote.services import arsmelding as service
from aktiviteter.arsmote.services.syklus import kan_styre
from aktiviteter.arsmote.views.syklus import handles_cycle
from buskerud_sp.core.access import access_for
from buskerud_sp.core.permissions import ensure
from buskerud_sp.core.tekst import tekst_html


class ArsmeldingForm(forms.Form):
    # Not required here: the service refuses an empty text with its own message.
    tekst = forms.CharField(
        label=gettext_lazy("Årsmelding"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 28, "class": "arsmelding-tekst"}),
        help_text=gettext_lazy(
            "Hver overskrift på en egen linje; begynn hvert punkt i en liste med bindestrek og "
            "mellomrom («- »)."
        ),
    )


def _meeting(request: HttpRequest, pk: int) -> Arsmote:
    ensure(request.user, handles_cycle)
    return get_object_or_404(
        Arsmote.objects.visible_to(request.user).select_related("lokallag"), pk=pk
    )


def _report(arsmote: Arsmote) -> Arsmelding | None:
    return (
        Arsmelding.objects.filter(arsmote=arsmote).select_related("levert_av", "endret_av").first()
    )


def _page_url(arsmote: Arsmote) -> str:
    return reverse("arsmote:arsmelding", kwargs={"pk": arsmote.pk})


def arsmelding(request: HttpRequest, pk: int) -> HttpResponse:
    arsmote = _meeting(request, pk)
    melding = _report(arsmote)
    styrer = kan_styre(request.user, arsmote)
    if request.method == "POST":
        if not styrer:
            raise PermissionDenied
        if request.POST.get("handling") == "nytt_utkast":
            return _new_draft(request, arsmote)
        form = ArsmeldingForm(request.POST)
        if form.is_valid():
            try:
                service.arsmelding_lagre(
                    arsmote=arsmote, tekst=form.cleaned_data["tekst"], bruker=request.user
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Årsmeldingen er lagret."))
                return redirect(_page_url(arsmote))
    else:
        tekst = melding.tekst if melding else None
        if tekst is None and styrer:
            tekst = service.arsmelding_utkast(arsmote)
        form = ArsmeldingForm(initial={"tekst": tekst})
    kan_skrive = styrer and (melding is None or melding.levert is None)
    return render(
        request,
        "aktiviteter/arsmote/arsmelding.html",
        {
            "arsmote": arsmote,
            "melding": melding,
            "form": form,
            "kan_skrive": kan_skrive,
            "kan_styre": styrer,
            "bekreft_utkast": kan_skrive and melding and request.GET.get("utkast") == "nytt",
            "tekst_html": tekst_html(melding.tekst, 2) if melding else None,
            "rapportaar": service.rapportaar(arsmote),
            "access": access_for(request.user),
        },
    )


def _new_draft(request: HttpRequest, arsmote: Arsmote) -> HttpResponse:
    """«Lag utkast på nytt», confirmed: the saved text is replaced by a fresh draft."""
    try:
        service.arsmelding_lagre(
            arsmote=arsmote, tekst=service.arsmelding_utkast(arsmote), bruker=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Utkastet er laget på nytt fra årets tall og lagret."))
    return redirect(_page_url(arsmote))


@require_GET
def arsmelding_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The saved report as a PDF; before anything is saved, the draft (marked as such)."""
    from weasyprint import HTML  # heavy import: only when a PDF is asked for

    arsmote = _meeting(request, pk)
    melding = _report(arsmote)
    tekst = melding.tekst if melding else service.arsmelding_utkast(arsmote)
    html = render_to_string(
        "aktiviteter/arsmote/arsmelding_pdf.html",
        {
            "arsmote": arsmote,
            "melding": melding,
            "tekst_html": tekst_html(tekst, 2),
            "rapportaar": service.rapportaar(arsmote),
            "generated": timezone.localtime(),
        },
    )
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    filename = f"arsmelding-{service.rapportaar(arsmote)}-{arsmote.lokallag.slug}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_POST
def lever(request: HttpRequest, pk: int) -> HttpResponse:
    arsmote = _meeting(request, pk)
    try:
        service.arsmelding_lever(arsmote=arsmote, bruker=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_page_url(arsmote))
    messages.success(request, _("Årsmeldingen er levert til fylket."))
    return redirect(arsmote)


@require_POST
def gjenaapne(request: HttpRequest, pk: int) -> HttpResponse:
    arsmote = _meeting(request, pk)
    try:
        service.arsmelding_gjenaapne(arsmote=arsmote, bruker=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Årsmeldingen er åpnet igjen, så lokallaget kan endre den."))
    return redirect(_page_url(arsmote))


urlpatterns = [
    path("<int:pk>/arsmelding/", arsmelding, name="arsmelding"),
    path("<int:pk>/arsmelding.pdf", arsmelding_pdf, name="arsmelding_pdf"),
    path("<int:pk>/arsmelding/lever/", lever, name="arsmelding_lever"),
    path("<int:pk>/arsmelding/gjenaapne/", gjenaapne, name="arsmelding_gjenaapne"),
]
