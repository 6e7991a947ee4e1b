"""Study work: courses, participants, sessions with attendance, and the SpS attendance form."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from aktiviteter.studier import frammote, services
from aktiviteter.studier.forms import KursdeltakerForm, SamlingForm, StudietiltakForm
from aktiviteter.studier.models import Studietiltak
from aktiviteter.studier.selectors import courses_with_verdicts, study_hour_totals
from buskerud_sp.core import parsing
from buskerud_sp.core.permissions import activity_access_required
from lokallag.models import Lokallag


def _course(request: HttpRequest, pk: int, *, manage: bool = False) -> Studietiltak:
    base = Studietiltak.objects.managed_by(request.user) if manage else Studietiltak.objects
    return get_object_or_404(base.visible_to(request.user).med_vurderingsgrunnlag(), pk=pk)


@require_GET
@activity_access_required
def course_list(request: HttpRequest) -> HttpResponse:
    year = parsing.year(request.GET.get("aar"), timezone.localdate().year)
    return render(
        request,
        "aktiviteter/studier/studietiltak_list.html",
        {
            "courses": courses_with_verdicts(request.user),
            "totals": study_hour_totals(request.user, year),
            "year": year,
            "years": [year - 1, year, year + 1],
            "can_register": Lokallag.objects.managed_by(request.user).exists(),
        },
    )


def course_create(request: HttpRequest) -> HttpResponse:
    units = Lokallag.objects.managed_by(request.user).aktive()
    if not units.exists():
        raise Http404
    form = StudietiltakForm(request.POST or None, user=request.user, units=units)
    if request.method == "POST" and form.is_valid():
        course = services.studietiltak_lagre(studietiltak=form.instance, bruker=request.user)
        messages.success(request, _("Kurset er registrert. Legg til deltakere og samlinger."))
        return redirect(course)
    return render(request, "aktiviteter/studier/studietiltak_form.html", {"form": form})


def course_edit(request: HttpRequest, pk: int) -> HttpResponse:
    course = _course(request, pk, manage=True)
    units = Lokallag.objects.managed_by(request.user)
    form = StudietiltakForm(request.POST or None, instance=course, user=request.user, units=units)
    if request.method == "POST" and form.is_valid():
        services.studietiltak_lagre(studietiltak=form.instance, bruker=request.user)
        messages.success(request, _("Kurset er lagret."))
        return redirect(course)
    return render(
        request, "aktiviteter/studier/studietiltak_form.html", {"form": form, "course": course}
    )


@require_GET
def course_detail(request: HttpRequest, pk: int) -> HttpResponse:
    course = _course(request, pk)
    can_edit = Studietiltak.objects.managed_by(request.user).filter(pk=pk).exists()
    sessions = course.tellende_samlinger()
    verdict = course.vurdering()
    rows = [
        (person, [_minutes_of(session, person.deltaker.pk) for session in sessions])
        for person in verdict.deltakere
    ]
    return render(
        request,
        "aktiviteter/studier/studietiltak_detail.html",
        {
            "course": course,
            "verdict": verdict,
            "sessions": sessions,
            "rows": rows,
            "other_sessions": [s for s in course.samlinger.all() if s not in sessions],
            "can_edit": can_edit,
            "participant_form": KursdeltakerForm(user=request.user, studietiltak=course)
            if can_edit
            else None,
        },
    )


def _minutes_of(session, deltaker_id: int):
    for row in session.oppmote.all():
        if row.deltaker_id == deltaker_id:
            return row.timer
    return 0


def participant_add(request: HttpRequest, pk: int) -> HttpResponse:
    course = _course(request, pk, manage=True)
    form = KursdeltakerForm(request.POST or None, user=request.user, studietiltak=course)
    if request.method == "POST" and form.is_valid():
        try:
            deltaker = services.kursdeltaker_legg_til(
                studietiltak=course,
                bruker=request.user,
                medlem=form.cleaned_data["medlem"],
                navn=form.cleaned_data["navn"],
                fodselsaar=form.cleaned_data["fodselsaar"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(navn)s er lagt til.") % {"navn": deltaker})
            return redirect(course)
    return render(
        request, "aktiviteter/studier/kursdeltaker_form.html", {"course": course, "form": form}
    )


def session_form(request: HttpRequest, pk: int, samling: int | None = None) -> HttpResponse:
    course = _course(request, pk, manage=True)
    instance = None
    if samling is not None:
        instance = next((s for s in course.samlinger.all() if s.pk == samling), None)
        if instance is None:
            raise Http404
    form = SamlingForm(request.POST or None, studietiltak=course, instance=instance)
    if request.method == "POST" and form.is_valid():
        services.studiesamling_lagre(
            studietiltak=course,
            samling=form.instance,
            oppmote=form.attendance(),
            bruker=request.user,
        )
        messages.success(
            request,
            _("Samlingen %(dato)s er registrert.") % {"dato": f"{form.instance.dato:%d.%m.%Y}"},
        )
        return redirect(course)
    return render(
        request,
        "aktiviteter/studier/samling_form.html",
        {"course": course, "form": form, "samling": instance},
    )


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def attendance_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    course = _course(request, pk)
    return _download(
        frammote.as_xlsx(frammote.frammoteskjema(course)),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        f"frammoteskjema-{slugify(course.tittel)}.xlsx",
    )


@require_GET
def attendance_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    course = _course(request, pk)
    return _download(
        frammote.as_pdf(frammote.frammoteskjema(course)),
        "application/pdf",
        f"frammoteskjema-{slugify(course.tittel)}.pdf",
    )
