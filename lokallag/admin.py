from django.contrib import admin
from django.http import HttpRequest, HttpResponse

from buskerud_sp.core import audit
from buskerud_sp.core.admin_audit import audit_admin_list
from buskerud_sp.core.models import AuditAction

from .models import Distrikt, Lokallag, Verv


@admin.register(Distrikt)
class DistriktAdmin(admin.ModelAdmin):
    list_display = ["navn", "rekkefolge"]
    prepopulated_fields = {"slug": ["navn"]}


class VervInline(admin.TabularInline):
    model = Verv
    extra = 0
    autocomplete_fields = ["medlem"]
    fields = ["medlem", "rolle", "distrikt", "fra_dato", "til_dato"]


@admin.register(Lokallag)
class LokallagAdmin(admin.ModelAdmin):
    list_display = ["navn", "niva", "organisasjon", "distrikt", "kommunenummer", "aktiv"]
    list_filter = ["niva", "organisasjon", "distrikt", "by_eller_bygd", "aktiv"]
    search_fields = ["navn", "kommune", "kommunenummer"]
    prepopulated_fields = {"slug": ["navn"]}
    autocomplete_fields = ["oppfolgingsansvarlig"]
    inlines = [VervInline]


@admin.register(Verv)
class VervAdmin(admin.ModelAdmin):
    list_display = ["medlem", "rolle", "enhet", "fra_dato", "til_dato"]
    list_filter = ["rolle", "enhet__niva", "enhet"]
    search_fields = ["medlem__fornavn", "medlem__etternavn", "enhet__navn"]
    autocomplete_fields = ["medlem"]
    list_select_related = ["medlem", "enhet"]
    date_hierarchy = "fra_dato"

    # Who holds which office names members: audited like the member pages (MedlemAdmin).
    def changelist_view(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        response = super().changelist_view(request, extra_context)
        audit_admin_list(request, response, "verv")
        return response

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context=None
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        verv = (getattr(response, "context_data", None) or {}).get("original")
        if verv is not None:
            audit.log(request, AuditAction.VIEW, obj=verv, medlem_id=verv.medlem_id)
        return response
