from django.contrib import admin

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
