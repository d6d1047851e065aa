from django.apps import AppConfig


class CounterConfig(AppConfig):
    name = "maillage.counter"
    label = "counter"
    verbose_name = "Accueil"

    def ready(self) -> None:
        from maillage.counter import audit  # noqa: F401 - registers models with django-auditlog
