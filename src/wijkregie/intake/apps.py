from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "wijkregie.intake"
    label = "intake"
    verbose_name = "Meldingen en triage"
