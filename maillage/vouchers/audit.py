"""django-auditlog registration: series, vouchers, redemptions and claims (status moves by conditional
UPDATE are logged by the model methods themselves, see `models._log`)."""

from auditlog.registry import auditlog

from maillage.vouchers.models import Claim, Redemption, Voucher, VoucherSeries

auditlog.register(VoucherSeries)
auditlog.register(Voucher)
auditlog.register(Redemption)
auditlog.register(Claim)
