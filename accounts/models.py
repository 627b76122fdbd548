from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


class User(AbstractUser):
    """A person who signs in: member, administrator, or a guest such as the fire marshal.

    Every person belongs to at most one district; districts are walled off from
    each other. Superusers (the people who run the deployment) belong to none.
    """

    district = models.ForeignKey(
        "committees.District",
        on_delete=models.PROTECT,
        related_name="people",
        null=True,
        blank=True,
    )
    # Changed only through committees.services.district_admin_set, which keeps
    # the committee permissions in step.
    is_district_admin = models.BooleanField(
        "district safety administrator",
        default=False,
        help_text="Oversees every committee of the district and sees all of it.",
    )
    title = models.CharField(
        max_length=120, blank=True, help_text="Job or role, e.g. School Resource Officer."
    )
    organization = models.CharField(
        max_length=120, blank=True, help_text="E.g. Westport Police Department."
    )
    language = models.CharField(
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        help_text="For e-mail; blank: the site's language.",
    )
    due_soon_days = models.PositiveSmallIntegerField(
        "remind me this many days before an item is due",
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )

    class Meta:
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username
