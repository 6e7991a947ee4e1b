"""Newsletters: write (and edit) a draft, see any message as the members will (with its
recipients before sending and what happened after), send a test to yourself, send, delete a
draft. The archive's «Skriv nyhetsbrev» leads here."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from aktiviteter.paaminnelser.models import Kanal, Leveringsstatus, Paaminnelse
from aktiviteter.utsendinger.forms.nyhetsbrev import NyhetsbrevForm
from aktiviteter.utsendinger.models import Status, Utsending, Utsendingsart
from aktiviteter.utsendinger.services import nyhetsbrev
from aktiviteter.utsendinger.services.mottakere import mottakere
from aktiviteter.utsendinger.services.sending import kan_sende_for, sjekk, utsending_send
from aktiviteter.utsendinger.services.sms import sms_tekst_for_utsending
from aktiviteter.utsendinger.views.arkiv import reaches_members
from buskerud_sp.core import sms
from buskerud_sp.core.audit import client_ip
from buskerud_sp.core.permissions import ensure

S = Leveringsstatus
# The results' rows: what happened to the copies (a copy being sent counts as waiting).
RESULTATER = [
    (S.SENDT, gettext_lazy("Sendt"), (S.SENDT,)),
    (S.VENTER, gettext_lazy("Venter"), (S.VENTER, S.SENDER)),
    (S.FEILET, gettext_lazy("Feilet"), (S.FEILET,)),
    (S.HOPPET_OVER, gettext_lazy("Ikke sendt"), (S.HOPPET_OVER,)),
    (S.AVVIST, gettext_lazy("Avvist (bounce)"), (S.AVVIST,)),
]


def _draft(request: HttpRequest, pk: int) -> Utsending:
    """A newsletter draft the user may send for; outsiders and sent messages: 404."""
    ensure(request.user, reaches_members)
    return get_object_or_404(
        Utsending.objects.managed_by(request.user).select_related("avsender"),
        pk=pk,
        art=Utsendingsart.NYHETSBREV,
        status=Status.UTKAST,
    )


def _apply(form: NyhetsbrevForm, error: ValidationError) -> None:
    """The service's messages at their fields (the rest above the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _save(request: HttpRequest, instance: Utsending | None) -> HttpResponse:
    form = NyhetsbrevForm(
        request.POST if request.method == "POST" else None, instance=instance, bruker=request.user
    )
    if request.method == "POST" and form.is_valid():
        try:
            utsending = nyhetsbrev.nyhetsbrev_lagre(
                utsending=form.save(commit=False), bruker=request.user, ip=client_ip(request)
            )
        except ValidationError as error:
            _apply(form, error)
        else:
            messages.success(request, _("Utkastet er lagret."))
            return redirect(utsending)
    return render(
        request,
        "aktiviteter/utsendinger/nyhetsbrev_form.html",
        {"form": form, "utsending": instance},
    )


@require_http_methods(["GET", "POST"])
def ny(request: HttpRequest) -> HttpResponse:
    ensure(request.user, reaches_members)
    return _save(request, None)


@require_http_methods(["GET", "POST"])
def endre(request: HttpRequest, pk: int) -> HttpResponse:
    return _save(request, _draft(request, pk))


def resultater(utsending: Utsending) -> list[dict]:
    """The copies by what happened and channel (one grouped query)."""
    counts = {
        (row["status"], row["kanal"]): row["n"]
        for row in Paaminnelse.objects.filter(anledning=utsending.anledning, art=utsending.art)
        .values("status", "kanal")
        .annotate(n=Count("pk"))
        .order_by()
    }
    rows = []
    for key, label, statuses in RESULTATER:
        epost = sum(counts.get((s, Kanal.EPOST), 0) for s in statuses)
        sms_ = sum(counts.get((s, Kanal.SMS), 0) for s in statuses)
        rows.append({"key": key, "label": label, "epost": epost, "sms": sms_})
    return rows


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Any message, newsletter or invitation: as the members see it, then who gets it (a
    draft) or what happened (sent)."""
    ensure(request.user, reaches_members)
    utsending = get_object_or_404(
        Utsending.objects.visible_to(request.user).select_related(
            "avsender", "aktivitet", "adhoc_gruppe", "opprettet_av", "sendt_av"
        ),
        pk=pk,
    )
    context = {
        "utsending": utsending,
        "innhold": nyhetsbrev.innhold(utsending),
        "kan_sende": kan_sende_for(request.user, utsending.avsender),
        # What is sent: the text and its link (answer or unsubscribe).
        "sms_segmenter": sms.segmenter(sms_tekst_for_utsending(utsending)),
        "sms_lengde": sms.lengde(sms_tekst_for_utsending(utsending)),
        "er_invitasjon": utsending.art == Utsendingsart.INVITASJON,
    }
    if utsending.er_sendt:
        context["resultater"] = resultater(utsending)
    else:
        found = mottakere(utsending)
        context["mottakere"] = {
            "epost": found.epost.count(),
            "sms": found.sms.count(),
            "utenfor": found.utenfor,
        }
    return render(request, "aktiviteter/utsendinger/detail.html", context)


@require_POST
def test(request: HttpRequest, pk: int) -> HttpResponse:
    utsending = _draft(request, pk)
    try:
        address = nyhetsbrev.send_test(utsending, request.user, ip=client_ip(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Testen er sendt til %(adresse)s.") % {"adresse": address})
    return redirect(utsending)


@require_http_methods(["GET", "POST"])
def send(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: what the sending will be (e-mails, SMS messages and their estimated cost) or why
    it cannot go; POST: send."""
    ensure(request.user, reaches_members)
    utsending = get_object_or_404(
        Utsending.objects.managed_by(request.user).select_related("avsender"), pk=pk
    )
    if utsending.er_sendt:
        messages.info(request, _("Utsendingen er allerede sendt."))
        return redirect(utsending)
    errors: list[str] = []
    if request.method == "POST":
        try:
            sendt = utsending_send(utsending=utsending, bruker=request.user, ip=client_ip(request))
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(
                request,
                _("Sendes nå: %(epost)s e-poster og %(sms)s SMS-er.")
                % {"epost": sendt.epost, "sms": sendt.sms},
            )
            return redirect(utsending)
    context: dict = {"utsending": utsending, "errors": errors}
    if not errors:
        try:
            found = sjekk(utsending)
        except ValidationError as error:
            context["errors"] = error.messages
        else:
            antall_sms = found.sms.count()
            context.update(
                antall_epost=found.epost.count(),
                antall_sms=antall_sms,
                sms_meldinger=antall_sms * sms.segmenter(sms_tekst_for_utsending(utsending)),
                kostnad=sms.anslatt_kostnad(sms_tekst_for_utsending(utsending), antall_sms),
            )
    return render(request, "aktiviteter/utsendinger/send.html", context)


@require_POST
def slett(request: HttpRequest, pk: int) -> HttpResponse:
    utsending = _draft(request, pk)
    try:
        nyhetsbrev.nyhetsbrev_slett(utsending=utsending, bruker=request.user, ip=client_ip(request))
    except ValidationError as error:  # sent meanwhile
        messages.error(request, " ".join(error.messages))
        return redirect(utsending)
    messages.success(request, _("Utkastet er slettet."))
    return redirect("utsendinger:index")


urlpatterns = [
    path("ny/", ny, name="ny"),
    path("<int:pk>/", detail, name="detail"),
    path("<int:pk>/endre/", endre, name="endre"),
    path("<int:pk>/test/", test, name="test"),
    path("<int:pk>/send/", send, name="send"),
    path("<int:pk>/slett/", slett, name="slett"),
]
