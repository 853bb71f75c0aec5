from django.db import models


class RunStatus(models.TextChoices):
    RUNNING = "bezig", "Bezig"
    OK = "gelukt", "Gelukt"
    FAILED = "mislukt", "Mislukt"
    SKIPPED = "overgeslagen", "Overgeslagen: liep al"


class Trigger(models.TextChoices):
    SCHEDULE = "rooster", "Volgens rooster"
    BY_HAND = "handmatig", "Handmatig gestart"


# A worker that has not been heard of for this long is reported as silent by /healthz and the jobs page.
WORKER_SILENT_AFTER_SECONDS = 180
HEARTBEAT_SECONDS = 30
RUNS_SHOWN = 20
