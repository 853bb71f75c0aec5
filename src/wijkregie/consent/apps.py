from django.apps import AppConfig


class ConsentConfig(AppConfig):
    name = "wijkregie.consent"
    label = "consent"
    verbose_name = "Toestemming en delen"
