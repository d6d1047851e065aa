from django.apps import AppConfig


class TerritoryConfig(AppConfig):
    name = "maillage.territory"
    label = "territory"
    verbose_name = "Territoire"
