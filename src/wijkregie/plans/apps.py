from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "wijkregie.plans"
    label = "plans"
    verbose_name = "Huishoudplan, MDO en evaluatie"
