"""Activities: list, month calendar, register, detail, edit, the after-meeting result, and the
member name search. Views parse, call a service or selector, and render."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, Sum
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from aktiviteter.aktivitet import services
from aktiviteter.aktivitet.forms import (
    AktivitetFilterForm,
    AktivitetForm,
    ResultatForm,
    available_types,
)
from aktiviteter.aktivitet.models import Aktivitet, Deltakelse, Status
from aktiviteter.aktivitet.selectors import (
    calls_awaiting_count,
    filtered_activities,
    month_weeks,
)
from buskerud_sp.core import audit_reads, dataversion
from buskerud_sp.core.access import access_for
from buskerud_sp.core.paging import CountedPaginator
from buskerud_sp.core.permissions import activity_access_required
from buskerud_sp.core.redirects import own_url
from lokallag.models import Lokallag
from medlemmer.models import Medlem

PAGE_SIZE = 50


def _filter_form(request: HttpRequest) -> AktivitetFilterForm:
    access = access_for(request.user)
    units = Lokallag.objects.visible_to(request.user)
    if not access.sees_all_chapters:
        units = units.filter(pk__in=access.officer_chapter_ids)
    return AktivitetFilterForm(
        request.GET or None, units=units, show_district=access.sees_all_chapters
    )


@require_GET
@activity_access_required
def activity_list(request: HttpRequest) -> HttpResponse:
    form = _filter_form(request)
    data = form.cleaned_data if form.is_valid() else {}
    activities = filtered_activities(request.user, data)
    access = access_for(request.user)
    filters = {k: getattr(v, "pk", v) for k, v in sorted(data.items())}
    # Read once, before the data: the totals and the page's rows are kept under it.
    version = dataversion.data_version()
    totals = dataversion.cached(
        "aktivitetsliste",
        (access, filters),
        lambda: activities.aggregate(
            antall=Count("pk"),
            avholdt=Count("pk", filter=Q(status=Status.AVHOLDT)),
            deltakere=Sum("deltakerantall", filter=Q(status=Status.AVHOLDT)),
        ),
        version=version,
    )
    page = CountedPaginator(activities, PAGE_SIZE, count=totals["antall"]).get_page(
        request.GET.get("side")
    )
    today = timezone.localdate()
    # The rows, rendered once per data version: what they show depends on the data, on whose
    # access (the named participants they may see), the filters, the page, the language (the
    # labels, the dates' format) and the day (a planned activity past its day lacks its count).
    # Kept as the template rendered it: a SafeString, which the cache gives back as one.
    rows = dataversion.cached(
        "aktivitetsliste-rader",
        (access, filters, page.number, get_language(), today),
        lambda: render_to_string("aktiviteter/aktivitet/_aktivitet_rader.html", {"page": page}),
        version=version,
    )
    query = request.GET.copy()
    query.pop("side", None)
    # The filter fields, rendered once per data version: their options are the chapters and
    # districts the access sees, their values and errors come from the query, their labels
    # from the language.
    filter_fields = dataversion.cached(
        "aktivitetsliste-filter",
        (access, sorted(query.lists()), get_language()),
        lambda: render_to_string("aktiviteter/aktivitet/_filterfelt.html", {"form": form}),
        version=version,
    )
    return render(
        request,
        "aktiviteter/aktivitet/aktivitet_list.html",
        {
            "form": form,
            "filter_fields": filter_fields,
            "page": page,
            "rows": rows,
            "totals": totals,
            "query": query.urlencode(),
            "can_register": Lokallag.objects.managed_by(request.user).exists(),
            "today": today,
        },
    )


@require_GET
@activity_access_required
def activity_calendar(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    try:
        year, month = (int(p) for p in request.GET.get("maaned", "").split("-"))
        first = datetime.date(year, month, 1)
    except ValueError:
        first = today.replace(day=1)
    form = _filter_form(request)
    data = form.cleaned_data if form.is_valid() else {}
    weeks = month_weeks(request.user, first.year, first.month, data)
    previous = (first - datetime.timedelta(days=1)).replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    query = request.GET.copy()
    query.pop("maaned", None)
    return render(
        request,
        "aktiviteter/aktivitet/kalender.html",
        {
            "form": form,
            "weeks": weeks,
            "month_label": date_format(first, "F Y"),
            "previous": f"{previous:%Y-%m}",
            "following": f"{following:%Y-%m}",
            "query": query.urlencode(),
        },
    )


def _form_initial(post) -> dict:
    """Carry what was typed over when the form is redrawn for another type."""
    skip = {"csrfmiddlewaretoken", "bytt_type"}
    return {
        key: post.getlist(key) if key == "deltakere" else post.get(key)
        for key in post
        if key not in skip
    }


def _activity_form_page(request, *, units, aktivitet: Aktivitet | None) -> HttpResponse:
    source = request.POST if request.method == "POST" else request.GET
    types = {value for _label, items in available_types(units) for value, _ in items}
    chosen = source.get("type") or (aktivitet.type if aktivitet else "")
    if chosen not in types:
        if aktivitet is not None:
            raise Http404  # study sessions are edited on their course
        return render(
            request,
            "aktiviteter/aktivitet/aktivitet_velg_type.html",
            {
                "groups": available_types(units),
                # A count that is due is what a leader most often comes here to register.
                "calls": calls_awaiting_count(request.user)[:5],
            },
        )
    kwargs = {"user": request.user, "aktivitetstype": chosen, "units": units}
    if aktivitet is not None:
        kwargs["instance"] = aktivitet
    if request.method == "POST" and "bytt_type" not in request.POST:
        form = AktivitetForm(request.POST, **kwargs)
        if form.is_valid():
            saved = services.aktivitet_lagre(
                aktivitet=form.instance,
                bruker=request.user,
                deltakere=form.cleaned_data.get("deltakere"),
            )
            messages.success(request, _("«%(tittel)s» er lagret.") % {"tittel": saved.tittel})
            return redirect(saved)
    else:
        initial = _form_initial(request.POST) if request.method == "POST" else {}
        for key in ("enhet", "adhoc_gruppe", "tittel"):
            if request.GET.get(key):
                initial.setdefault(key, request.GET[key])
        form = AktivitetForm(initial=initial, **kwargs)
    template = (
        "aktiviteter/aktivitet/aktivitet_form_fields.html"
        if request.headers.get("X-Aktivitet-Skjema")
        else "aktiviteter/aktivitet/aktivitet_form.html"
    )
    return render(request, template, {"form": form, "aktivitet": aktivitet})


def activity_create(request: HttpRequest) -> HttpResponse:
    units = Lokallag.objects.managed_by(request.user).aktive()
    if not units.exists():
        raise Http404
    return _activity_form_page(request, units=units, aktivitet=None)


def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    aktivitet = get_object_or_404(Aktivitet.objects.managed_by(request.user), pk=pk)
    if aktivitet.studietiltak_id:
        return redirect("aktiviteter:session_edit", pk=aktivitet.studietiltak_id, samling=pk)
    units = Lokallag.objects.managed_by(request.user)
    return _activity_form_page(request, units=units, aktivitet=aktivitet)


@require_GET
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    aktivitet = get_object_or_404(
        Aktivitet.objects.visible_to(request.user).select_related(
            "enhet", "vertslag", "ansvarlig", "adhoc_gruppe", "studietiltak", "registrert_av"
        ),
        pk=pk,
    )
    can_edit = Aktivitet.objects.managed_by(request.user).filter(pk=pk).exists()
    can_register = (
        aktivitet.resultat_sperre() is None
        and Aktivitet.objects.result_registrable_by(request.user).filter(pk=pk).exists()
    )
    return render(
        request,
        "aktiviteter/aktivitet/aktivitet_detail.html",
        {
            "aktivitet": aktivitet,
            "named": Deltakelse.objects.visible_to(request.user)
            .filter(aktivitet=aktivitet)
            .select_related("medlem")
            .order_by("medlem__fornavn", "medlem__etternavn"),
            "can_edit": can_edit,
            "result_form": ResultatForm(user=request.user, aktivitet=aktivitet)
            if can_register
            else None,
        },
    )


def _back_to(request: HttpRequest) -> str | None:
    """The page that sent the user here (``?neste=``, from the start page's to-do list), if
    it is one of ours."""
    return own_url(request, request.GET.get("neste", ""))


def activity_result(request: HttpRequest, pk: int) -> HttpResponse:
    """Register the count (and names) after the meeting, in one step."""
    aktivitet = get_object_or_404(
        Aktivitet.objects.result_registrable_by(request.user).select_related("enhet"), pk=pk
    )
    form = ResultatForm(request.POST or None, user=request.user, aktivitet=aktivitet)
    if request.method == "POST" and form.is_valid():
        try:
            services.aktivitet_registrer_resultat(
                aktivitet=aktivitet,
                bruker=request.user,
                deltakerantall=form.cleaned_data["deltakerantall"],
                deltakere=form.cleaned_data["deltakere"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Registrert: %(antall)s deltakere på «%(tittel)s».")
                % {"antall": aktivitet.deltakerantall, "tittel": aktivitet.tittel},
            )
            return redirect(_back_to(request) or "aktiviteter:list")
    return render(
        request,
        "aktiviteter/aktivitet/aktivitet_resultat.html",
        {"aktivitet": aktivitet, "form": form, "sperre": aktivitet.resultat_sperre()},
    )


@require_POST
def activity_delete(request: HttpRequest, pk: int) -> HttpResponse:
    aktivitet = get_object_or_404(Aktivitet.objects.managed_by(request.user), pk=pk)
    services.aktivitet_slett(aktivitet=aktivitet, bruker=request.user)
    messages.success(request, _("Aktiviteten er slettet."))
    return redirect("aktiviteter:list")


@require_GET
def member_search(request: HttpRequest) -> JsonResponse:
    """Members whose name matches, for the name pickers: only those the user may see."""
    if not Lokallag.objects.managed_by(request.user).exists():
        raise Http404
    text = request.GET.get("q", "").strip()[:100]
    if len(text) < 2:
        return JsonResponse({"results": []})
    members = (
        Medlem.objects.visible_to(request.user)
        .aktive()
        .sok(text)
        .select_related("lokallag")
        .order_by("fornavn", "etternavn")[:20]
    )
    results = [{"id": m.pk, "navn": m.navn, "lokallag": m.lokallag.navn} for m in members]
    # A list of members by name, like the admin's member picker: audited the same way.
    audit_reads.log_member_list(request, {"side": "medlemssok", "q": text}, len(results), 1)
    return JsonResponse({"results": results})
