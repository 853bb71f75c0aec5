from django.apps import AppConfig


class HouseholdsConfig(AppConfig):
    name = "wijkregie.households"
    label = "households"
    verbose_name = "Inwoners en huishoudens"

    def ready(self) -> None:
        from wijkregie.audit.recording import register_break_glass_check

        from .policies import through_break_glass

        # Every audit row on a household says whether its actor reached it only through break-the-glass.
        register_break_glass_check(through_break_glass)
