from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "wijkregie.decisions"
    label = "decisions"
    verbose_name = "Maatwerk: aanvraag, omgekeerde toets en besluit"
