from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "wijkregie.plans"
    label = "plans"
    verbose_name = "Huishoudplan, MDO en evaluatie"

    def ready(self) -> None:
        from wijkregie.audit.inzage import register_section

        from . import inzage

        register_section("plandoelen", inzage.goals_of)
        register_section("akkoord_op_plan", inzage.agreements_of)
