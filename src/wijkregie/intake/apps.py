from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "wijkregie.intake"
    label = "intake"
    verbose_name = "Meldingen en triage"

    def ready(self) -> None:
        from wijkregie.audit.inzage import register_section

        from . import inzage

        register_section("meldingen", inzage.meldingen_of)
