from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "wijkregie.audit"
    label = "audit"
    verbose_name = "Audit"
