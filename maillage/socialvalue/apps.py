from django.apps import AppConfig


class SocialValueConfig(AppConfig):
    name = "maillage.socialvalue"
    label = "socialvalue"
    verbose_name = "Valeur sociale"

    def ready(self) -> None:
        from maillage.socialvalue import audit  # noqa: F401 - registers models with django-auditlog
