from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "wijkregie.organisation"
    label = "organisation"
    verbose_name = "Organisatie"
