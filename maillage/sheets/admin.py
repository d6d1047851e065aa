from django.contrib import admin

from maillage.sheets.models import PracticeSheet, SheetReport, SheetVersion


@admin.register(PracticeSheet)
class PracticeSheetAdmin(admin.ModelAdmin):
    list_display = ["title", "procedure", "structure", "scope", "status", "expires_on"]
    list_filter = ["status", "scope"]
    search_fields = ["title"]
    raw_id_fields = ["procedure", "structure", "author", "reviewed_by", "published_version"]


admin.site.register(SheetVersion)
admin.site.register(SheetReport)
