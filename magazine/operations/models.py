"""The worker's sign of life, read by the health endpoint."""

import socket

from django.db import models
from django.utils import timezone


class WorkerHeartbeat(models.Model):
    """The last sign of life of the background worker of each machine, read by /sante/."""

    host = models.CharField("machine", max_length=255, primary_key=True)
    beat_at = models.DateTimeField("dernier signe de vie")

    class Meta:
        verbose_name = "signe de vie du travailleur"
        verbose_name_plural = "signes de vie du travailleur"

    def __str__(self):
        return f"{self.host} : {self.beat_at:%Y-%m-%d %H:%M:%S}"

    @classmethod
    def beat(cls):
        cls.objects.update_or_create(
            host=socket.gethostname(), defaults={"beat_at": timezone.now()}
        )

    @classmethod
    def latest(cls):
        """When any worker last showed it was alive (None if never)."""
        return cls.objects.aggregate(latest=models.Max("beat_at"))["latest"]
