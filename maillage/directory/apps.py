from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "maillage.directory"
    label = "directory"
    verbose_name = "Annuaire"

    def ready(self) -> None:
        from maillage import checks  # noqa: F401 - registers the system checks
