from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "maillage.people"
    label = "people"
    verbose_name = "Équipes et parcours des médiateurs"

    def ready(self) -> None:
        from maillage.people import audit  # noqa: F401 - registers models with django-auditlog
