from django.contrib import admin

from maillage.rights.models import FollowedRight


@admin.register(FollowedRight)
class FollowedRightAdmin(admin.ModelAdmin):
    list_display = ["right", "stage", "structure", "identified_on", "decided_on"]
    list_filter = ["right", "stage"]
    readonly_fields = ["person", "structure", "mediator", "reason", "note"]
