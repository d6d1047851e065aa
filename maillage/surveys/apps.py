from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "maillage.surveys"
    label = "surveys"
    verbose_name = "Questionnaires de satisfaction"

    def ready(self) -> None:
        from maillage.surveys import audit  # noqa: F401 - registers surveys with django-auditlog
