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
    return _course_page(request, _course(request, pk))


def _course_page(
    request: HttpRequest, course: Studietiltak, *, form=None, added: list | None = None
) -> HttpResponse:
    pk = course.pk
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
            "participant_form": form
            or (KursdeltakerForm(user=request.user, studietiltak=course) if can_edit else None),
            "added": added or [],
        },
    )


def _minutes_of(session, deltaker_id: int):
    for row in session.oppmote.all():
        if row.deltaker_id == deltaker_id:
            return row.timer
    return 0


def participant_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add the ticked members (and a non-member) in one go. From the course page with htmx the
    answer is the course page, of which the participants' part is swapped in: no reload."""
    course = _course(request, pk, manage=True)
    data = request.POST if request.method == "POST" else None
    form = KursdeltakerForm(data, user=request.user, studietiltak=course)
    if request.method == "POST" and form.is_valid():
        try:
            added = services.kursdeltakere_legg_til(
                studietiltak=course,
                bruker=request.user,
                medlemmer=list(form.cleaned_data["medlem"]),
                navn=form.cleaned_data["navn"],
                fodselsaar=form.cleaned_data["fodselsaar"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if request.htmx:
                return _course_page(request, _course(request, pk), added=added)
            messages.success(
                request,
                _("Lagt til: %(navn)s.") % {"navn": ", ".join(str(d) for d in added)},
            )
            return redirect(course)
    if request.htmx:
        return _course_page(request, course, form=form)
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
