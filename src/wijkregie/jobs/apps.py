from django.apps import AppConfig


class JobsConfig(AppConfig):
    """The work that happens by itself: recurring jobs on a schedule, run by `wijkregie worker` with a lock
    per job in the database, every run kept for the functioneel beheerder (ADR 0015). Sits on top, beside
    the demo, because its jobs call the services of the apps below."""

    name = "wijkregie.jobs"
    label = "jobs"
    verbose_name = "Achtergrondtaken"
