from django.apps import AppConfig


class AllocationsConfig(AppConfig):
    name = "wijkregie.allocations"
    label = "allocations"
    verbose_name = "Toewijzingen, berichten en kosten"
