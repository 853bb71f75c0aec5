from django.apps import AppConfig


class HouseholdsConfig(AppConfig):
    name = "wijkregie.households"
    label = "households"
    verbose_name = "Inwoners en huishoudens"
