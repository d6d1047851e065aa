from django.apps import AppConfig


class SheetsConfig(AppConfig):
    name = "maillage.sheets"
    label = "sheets"
    verbose_name = "Fiches pratiques"

    def ready(self) -> None:
        from maillage.sheets import audit  # noqa: F401 - registers models with django-auditlog
