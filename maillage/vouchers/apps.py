from django.apps import AppConfig


class VouchersConfig(AppConfig):
    name = "maillage.vouchers"
    label = "vouchers"
    verbose_name = "Bons (pass numérique)"

    def ready(self) -> None:
        from maillage.vouchers import audit  # noqa: F401 - registers models with django-auditlog
