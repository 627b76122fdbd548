from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import models


def validate_time_zone(value: str) -> None:
    try:
        ZoneInfo(value)
    except (KeyError, ValueError):
        raise ValidationError(f"{value!r} is not a time zone such as America/New_York.") from None


class District(models.Model):
    """A school district: the tenant. Nothing of one district is visible from another."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    state = models.CharField(max_length=2, help_text="Two-letter state code, e.g. CT.")
    time_zone = models.CharField(
        max_length=64, default="America/New_York", validators=[validate_time_zone]
    )
    emergency_number = models.CharField(max_length=20, default="911")
    tip_line = models.CharField(
        max_length=200, blank=True, help_text="The district's anonymous tip line, shown publicly."
    )
    safety_office_contact = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Building(models.Model):
    class Level(models.TextChoices):
        ELEMENTARY = "elementary", "Elementary school"
        MIDDLE = "middle", "Middle school"
        HIGH = "high", "High school"
        OTHER = "other", "Other building"

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="buildings")
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80)
    level = models.CharField(max_length=20, choices=Level.choices, default=Level.OTHER)
    address = models.CharField(max_length=250, blank=True)

    class Meta:
        ordering = ["district", "name"]
        constraints = [
            models.UniqueConstraint(fields=["district", "slug"], name="building_slug_per_district"),
        ]

    def __str__(self) -> str:
        return self.name
