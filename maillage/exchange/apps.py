from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    """Data in and out: the national places standard, data·inclusion (public files, commands, back office)."""

    name = "maillage.exchange"
    label = "exchange"
    verbose_name = "Échanges de données"
