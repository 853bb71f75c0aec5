from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    """The steering store: derived, pseudonymised facts for the municipality's steering pages."""

    name = "wijkregie.monitoring"
    verbose_name = "Sturingsinformatie"
