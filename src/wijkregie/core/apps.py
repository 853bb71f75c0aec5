from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "wijkregie.core"
    label = "core"
    verbose_name = "Kern"
