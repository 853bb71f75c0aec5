from django.apps import AppConfig


class ProvisionsConfig(AppConfig):
    name = "wijkregie.provisions"
    label = "provisions"
    verbose_name = "Voorzieningen en sociale kaart"
