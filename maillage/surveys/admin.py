from django.contrib import admin

from maillage.surveys.models import Survey


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    """Surveys only: answers are anonymous and are read through the results page, not one by one."""

    list_display = ["title", "place", "is_active", "created_at"]
    list_select_related = ["place"]
    list_filter = ["is_active"]
    search_fields = ["title", "place__name"]
    readonly_fields = ["place", "created_by", "created_at"]
