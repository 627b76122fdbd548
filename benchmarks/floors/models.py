"""The list floor's table: a million rows, indexed on what the list sorts by."""

from django.conf import settings
from django.db import models

ROWS = 1_000_000


class Entry(models.Model):
    """Shaped like an action item: a title, a status, a due date, an owner."""

    title = models.CharField(max_length=200)
    status = models.CharField(max_length=12)
    due_date = models.DateField()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True)

    class Meta:
        indexes = [models.Index(fields=["due_date", "id"])]

    def __str__(self) -> str:
        return self.title
