from django.apps import AppConfig


class EarlyWarningConfig(AppConfig):
    name = "wijkregie.early_warning"
    label = "early_warning"
    verbose_name = "Vroegsignalering schulden"
