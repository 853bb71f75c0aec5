from django.apps import AppConfig


class OversightConfig(AppConfig):
    """Reading the audit trail: the review pages and API, and the resident's AVG inzage export. Sits above
    the apps whose data it reads; the audit writer (`wijkregie.audit`) sits below them all."""

    name = "wijkregie.oversight"
    label = "oversight"
    verbose_name = "Toezicht: auditlogboek en inzage"
