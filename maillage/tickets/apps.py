from django.apps import AppConfig


class TicketsConfig(AppConfig):
    name = "maillage.tickets"
    label = "tickets"
    verbose_name = "File d'attente"

    def ready(self) -> None:
        from maillage.tickets import audit  # noqa: F401 - registers models with django-auditlog
