from django.apps import AppConfig


class WorkshopsConfig(AppConfig):
    name = "maillage.workshops"
    label = "workshops"
    verbose_name = "Ateliers collectifs"

    def ready(self) -> None:
        from maillage.workshops import audit  # noqa: F401 - registers models with django-auditlog
