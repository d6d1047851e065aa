from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "maillage.outreach"
    label = "outreach"
    verbose_name = "Aller vers"

    def ready(self) -> None:
        from maillage.outreach import audit  # noqa: F401 - registers models with django-auditlog
