from django.apps import AppConfig


class ConsentConfig(AppConfig):
    name = "wijkregie.consent"
    label = "consent"
    verbose_name = "Toestemming en delen"

    def ready(self) -> None:
        from wijkregie.audit.inzage import register_section

        from . import inzage

        register_section("toestemmingen", inzage.consents_of)
