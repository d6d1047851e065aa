from django.apps import AppConfig


class RightsConfig(AppConfig):
    name = "maillage.rights"
    label = "rights"
    verbose_name = "Accès aux droits"

    def ready(self) -> None:
        from maillage.rights import audit  # noqa: F401 - registers models with django-auditlog
