from django.conf import settings
from django.db import models


class DigestSent(models.Model):
    """That a worker's daily overview went out on a day: at most one per worker per day, however often the
    job runs. Holds no content; the mail itself carries only counts and a link."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    sent_at = models.DateTimeField()

    class Meta:
        verbose_name = "verzonden dagoverzicht"
        verbose_name_plural = "verzonden dagoverzichten"
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="digest_once_a_day")]

    def __str__(self) -> str:
        return f"{self.day}"
