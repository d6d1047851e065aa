from django.contrib import admin

from maillage.network.models import Agreement, Network, OutreachStop, Partner, Place, Structure


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "departement"]
    search_fields = ["name"]


@admin.register(Structure)
class StructureAdmin(admin.ModelAdmin):
    list_display = ["name", "pivot", "network"]
    list_select_related = ["network"]
    search_fields = ["name", "pivot"]
    list_filter = ["network"]


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "france_services", "is_active"]
    search_fields = ["name", "code"]


class OutreachStopInline(admin.TabularInline):
    model = OutreachStop
    extra = 0
    autocomplete_fields = ["commune"]


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "structure", "commune", "mobility", "is_published", "confirmed_at"]
    list_select_related = ["structure", "commune"]
    search_fields = ["name", "commune__name", "external_id"]
    list_filter = ["mobility", "is_published", "source"]
    autocomplete_fields = ["commune", "structure"]
    filter_horizontal = ["partners"]
    inlines = [OutreachStopInline]


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ["partner", "structure", "start", "end"]
    list_select_related = ["partner", "structure"]
    autocomplete_fields = ["partner", "structure"]
