"""Series and claims in the Django admin (no personal data); vouchers and redemptions, which may name a
person file, stay out of it (see `rights/admin.py`): their pages are in `views.py`."""

from django.contrib import admin

from maillage.vouchers.models import Claim, VoucherSeries


@admin.register(VoucherSeries)
class VoucherSeriesAdmin(admin.ModelAdmin):
    list_display = ["name", "prefix", "face_value_cents", "valid_from", "valid_until"]
    search_fields = ["name", "prefix", "funder_name"]


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ["funder_label", "structure", "month", "status", "amount_cents"]
    list_filter = ["status"]
    readonly_fields = ["structure", "funder_key", "funder_label", "month", "amount_cents", "count"]
