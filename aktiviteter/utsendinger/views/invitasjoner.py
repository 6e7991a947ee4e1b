"""Invitations: the leader writes one to a coming activity (and changes the draft); the member
answers, through the signed link from the mail (``/svar/<token>/``, no login; registered from
``AktiviteterConfig.ready``) or in the portal (``/utsendinger/mine/``). Sending and the
invitation's own page are the messages' common pages (``utsendinger:send``, ``:detail``)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from aktiviteter.utsendinger.models import Gruppe, Svar, Utsending, Utsendingsart
from aktiviteter.utsendinger.services import invitasjoner
from aktiviteter.utsendinger.services.invitasjonspost import fra_svartoken
from aktiviteter.utsendinger.views.arkiv import reaches_members
from buskerud_sp.core.access import access_for
from buskerud_sp.core.audit import client_ip
from buskerud_sp.core.parsing import row_id
from buskerud_sp.core.permissions import ensure
from medlemmer.models import Medlem


class InvitasjonForm(forms.Form):
    aktivitet = forms.ModelChoiceField(
        label=gettext_lazy("Aktivitet"),
        queryset=None,
        error_messages={
            "required": gettext_lazy("Velg aktiviteten medlemmene inviteres til."),
            "invalid_choice": gettext_lazy(
                "Velg en kommende aktivitet i laget ditt (ikke avlyst)."
            ),
        },
    )
    gruppe = forms.ChoiceField(label=gettext_lazy("Til"), choices=Gruppe.choices)
    alder_fra = forms.IntegerField(
        label=gettext_lazy("Alder fra"), required=False, min_value=0, max_value=120
    )
    alder_til = forms.IntegerField(
        label=gettext_lazy("Alder til"), required=False, min_value=0, max_value=120
    )
    adhoc_gruppe = forms.ModelChoiceField(
        label=gettext_lazy("AdHoc-gruppe"), queryset=None, required=False
    )
    emne = forms.CharField(
        label=gettext_lazy("Emne"),
        max_length=150,
        error_messages={"required": gettext_lazy("Skriv et emne.")},
    )
    tekst = forms.CharField(
        label=gettext_lazy("Tekst"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=gettext_lazy("Vanlig tekst. Tom linje gir nytt avsnitt."),
        error_messages={"required": gettext_lazy("Skriv teksten.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["aktivitet"].queryset = invitasjoner.aktiviteter_for_invitasjon(user)
        self.fields["adhoc_gruppe"].queryset = invitasjoner.adhoc_grupper_for(user)


def _save(request: HttpRequest, form: InvitasjonForm, utsending: Utsending | None):
    data = dict(form.cleaned_data)
    aktivitet = data.pop("aktivitet")
    try:
        return invitasjoner.invitasjon_lagre(
            bruker=request.user,
            aktivitet=aktivitet,
            utsending=utsending,
            ip=client_ip(request),
            **data,
        )
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
    return None


def ny(request: HttpRequest) -> HttpResponse:
    """A new invitation (``?aktivitet=<pk>`` chooses the activity)."""
    ensure(request.user, reaches_members)
    form = InvitasjonForm(request.POST or None, user=request.user)
    if request.method != "POST":
        chosen = row_id(request.GET.get("aktivitet"))
        activity = form.fields["aktivitet"].queryset.filter(pk=chosen).first() if chosen else None
        if activity is not None:
            form.initial.update(
                aktivitet=activity.pk,
                emne=_("Invitasjon: %(tittel)s") % {"tittel": activity.tittel},
            )
    elif form.is_valid():
        utsending = _save(request, form, None)
        if utsending is not None:
            messages.success(request, _("Invitasjonen er lagret som utkast."))
            return redirect(utsending)
    return render(
        request, "aktiviteter/utsendinger/invitasjon_form.html", {"form": form, "utsending": None}
    )


def endre(request: HttpRequest, pk: int) -> HttpResponse:
    utsending = get_object_or_404(
        Utsending.objects.managed_by(request.user).filter(art=Utsendingsart.INVITASJON), pk=pk
    )
    if utsending.er_sendt:
        messages.error(request, _("Invitasjonen er sendt og kan ikke endres."))
        return redirect(utsending)
    initial = {
        "aktivitet": utsending.aktivitet_id,
        "adhoc_gruppe": utsending.adhoc_gruppe_id,
        **{name: getattr(utsending, name) for name in ("gruppe", "alder_fra", "alder_til")},
        **{name: getattr(utsending, name) for name in ("emne", "tekst")},
    }
    form = InvitasjonForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid() and _save(request, form, utsending) is not None:
        messages.success(request, _("Invitasjonen er lagret."))
        return redirect(utsending)
    return render(
        request,
        "aktiviteter/utsendinger/invitasjon_form.html",
        {"form": form, "utsending": utsending},
    )


# --- The member's answer ----------------------------------------------------------------------


def _chosen(value: str | None) -> str | None:
    return value if value in Svar.values else None


@never_cache
def svar_side(request: HttpRequest, payload: dict) -> HttpResponse:
    """/svar/<token>/: the invitation and the member's answer, without logging in. Only a POST
    records (mail scanners follow the mail's links, so ``?svar=ja`` only pre-selects)."""
    found = fra_svartoken(payload)
    if found is None or not invitasjoner.kan_svare(*found):
        raise Http404
    utsending, medlem = found
    saved = False
    error = ""
    chosen = _chosen(request.GET.get("svar"))
    if request.method == "POST":
        chosen = _chosen(request.POST.get("svar"))
        try:
            invitasjoner.svar_registrer(
                utsending=utsending,
                medlem=medlem,
                svar=request.POST.get("svar", ""),
                via=invitasjoner.VIA_LENKE,
                ip=client_ip(request),
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            saved = True
    current = invitasjoner.svar_for(utsending, medlem.pk)
    return render(
        request,
        "aktiviteter/utsendinger/svar.html",
        {
            "utsending": utsending,
            "aktivitet": utsending.aktivitet,
            "navn": medlem.fornavn,
            "svar": current,
            "svar_tekst": Svar(current).label if current else "",
            "valgt": chosen or current,
            "stengt": invitasjoner.svar_stengt(utsending),
            "lagret": saved,
            "feil": error,
        },
        status=400 if error and request.method == "POST" else 200,
    )


def mine(request: HttpRequest) -> HttpResponse:
    """The logged-in member's open invitations, answered right here."""
    access = access_for(request.user)
    if not access.medlem_id:
        raise Http404
    if request.method == "POST":
        utsending = get_object_or_404(
            Utsending.objects.filter(art=Utsendingsart.INVITASJON).select_related("aktivitet"),
            pk=row_id(request.POST.get("utsending")) or 0,
        )
        medlem = get_object_or_404(Medlem.objects.all(), pk=access.medlem_id)
        try:
            invitasjoner.svar_registrer(
                utsending=utsending,
                medlem=medlem,
                svar=request.POST.get("svar", ""),
                via=invitasjoner.VIA_PORTAL,
                bruker=request.user,
                ip=client_ip(request),
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("Svaret ditt på «%(tittel)s» er lagret.")
                % {"tittel": utsending.aktivitet.tittel},
            )
        return redirect("utsendinger:mine")
    return render(
        request,
        "aktiviteter/utsendinger/mine.html",
        {"invitasjoner": invitasjoner.apne_invitasjoner(access.medlem_id), "svar": Svar},
    )


urlpatterns = [
    path("invitasjon/ny/", ny, name="invitasjon_ny"),
    path("<int:pk>/invitasjon/endre/", endre, name="invitasjon_endre"),
    path("mine/", mine, name="mine"),
]
