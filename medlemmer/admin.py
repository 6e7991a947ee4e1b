from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from buskerud_sp.core import audit, audit_reads
from buskerud_sp.core.admin_audit import audit_admin_list
from buskerud_sp.core.models import AuditAction

from .forms import MedlemAdminForm
from .models import Medlem, Vervekampanje


@admin.register(Vervekampanje)
class VervekampanjeAdmin(admin.ModelAdmin):
    list_display = ["navn", "fra_dato", "til_dato", "maal", "lokallag"]


@admin.register(Medlem)
class MedlemAdmin(admin.ModelAdmin):
    """Member data seen or changed here is audited like in the portal's member pages: a list
    (with its search and filter), a member, a change, a deletion, each one entry."""

    form = MedlemAdminForm
    list_display = ["etternavn", "fornavn", "lokallag", "innmeldt", "utmeldt"]
    list_filter = ["lokallag__distrikt", "lokallag", "kjonn", "folkevalgt", "senterungdommen"]
    search_fields = ["fornavn", "etternavn", "epost", "telefon", "medlemsnummer"]
    list_select_related = ["lokallag"]
    autocomplete_fields = ["vervet_av", "bruker"]
    raw_id_fields = ["vervekampanje"]
    date_hierarchy = "innmeldt"

    def changelist_view(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        response = super().changelist_view(request, extra_context)
        audit_admin_list(request, response, "endringsliste")
        return response

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context=None
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        context = getattr(response, "context_data", None) or {}
        if context.get("original") is not None:  # the form was shown (GET, or POST with errors)
            audit_reads.log_member_view(request, context["original"])
        return response

    def history_view(self, request: HttpRequest, object_id: str, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        context = getattr(response, "context_data", None) or {}
        if context.get("object") is not None:
            audit_reads.log_member_view(request, context["object"])
        return response

    def get_search_results(self, request: HttpRequest, queryset: QuerySet, search_term: str):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        match = request.resolver_match
        if match is not None and match.url_name == "autocomplete":
            # Another admin form's member picker lists members by name: a list view too.
            count = queryset.count()
            audit_reads.log_member_list(
                request, {"admin": "autocomplete", "q": search_term}, count, 1
            )
        return queryset, may_have_duplicates

    def save_model(self, request: HttpRequest, obj: Medlem, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        action = AuditAction.UPDATE if change else AuditAction.CREATE
        audit.log_member_change(request, action, obj, form.changed_data)

    def delete_model(self, request: HttpRequest, obj: Medlem) -> None:
        audit.log(request, AuditAction.DELETE, obj=obj, medlem_id=obj.pk)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        for medlem in queryset:
            audit.log(request, AuditAction.DELETE, obj=medlem, medlem_id=medlem.pk)
        super().delete_queryset(request, queryset)
