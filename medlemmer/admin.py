from django.contrib import admin

from .forms import MedlemAdminForm
from .models import Medlem, Vervekampanje


@admin.register(Vervekampanje)
class VervekampanjeAdmin(admin.ModelAdmin):
    list_display = ["navn", "fra_dato", "til_dato", "maal", "lokallag"]


@admin.register(Medlem)
class MedlemAdmin(admin.ModelAdmin):
    form = MedlemAdminForm
    list_display = ["etternavn", "fornavn", "lokallag", "innmeldt", "utmeldt"]
    list_filter = ["lokallag__distrikt", "lokallag", "kjonn", "folkevalgt", "senterungdommen"]
    search_fields = ["fornavn", "etternavn", "epost", "telefon", "medlemsnummer"]
    list_select_related = ["lokallag"]
    autocomplete_fields = ["vervet_av", "bruker"]
    raw_id_fields = ["vervekampanje"]
    date_hierarchy = "innmeldt"
