from django.apps import AppConfig


class ProvidersConfig(AppConfig):
    name = "wijkregie.providers"
    label = "providers"
    verbose_name = "Zorgaanbieders en contracten"
