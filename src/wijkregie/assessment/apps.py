from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "wijkregie.assessment"
    label = "assessment"
    verbose_name = "Brede uitvraag en instrumenten"
