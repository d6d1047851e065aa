from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "maillage.reports"
    label = "reports"
    verbose_name = "Pilotage"

    def ready(self) -> None:
        from maillage.reports import receivers  # noqa: F401  (connects the roll-up receivers)
