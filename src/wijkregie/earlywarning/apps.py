from django.apps import AppConfig


class EarlyWarningConfig(AppConfig):
    name = "wijkregie.earlywarning"
    label = "earlywarning"
    verbose_name = "Vroegsignalering schulden"
