from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    name = "wijkregie.integrations"
    label = "integrations"
    verbose_name = "Koppelingen"
