from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "wijkregie.assessment"
    label = "assessment"
    verbose_name = "Brede uitvraag en instrumenten"

    def ready(self) -> None:
        from wijkregie.audit.inzage import register_section

        from . import inzage

        register_section("scores", inzage.scores_of)
