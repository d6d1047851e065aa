from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "maillage.reports"
    label = "reports"
    verbose_name = "Pilotage"

    def ready(self) -> None:
        from maillage.reports import audit, receivers  # noqa: F401  (roll-up receivers, API tokens' audit)
