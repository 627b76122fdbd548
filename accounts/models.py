from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Upper
from knox.models import AbstractAuthToken
from knox.settings import CONSTANTS


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
    # Made only by accounts.services.service_account_create, for a district's integration.
    is_service_account = models.BooleanField(
        "service account",
        default=False,
        help_text="An integration's account: it calls the API with its tokens, never signs "
        "in and gets no e-mail.",
    )
    due_soon_days = models.PositiveSmallIntegerField(
        "remind me this many days before an item is due",
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )

    class Meta:
        ordering = ["last_name", "first_name", "username"]
        # A person found by e-mail or user name whatever their case (``__iexact``): the
        # password e-mail, which anyone may ask for; a new person's user name, free in
        # every district; a name typed beside a menu. Statewide, each read every person.
        indexes = [
            models.Index(Upper("email"), name="user_email_upper"),
            models.Index(Upper("username"), name="user_username_upper"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class PasswordResetRequest(models.Model):
    """One request for a password e-mail, counted to throttle them (never shown).

    Only keyed hashes are kept: enough to count by address and by e-mail address,
    never to recover either. Rows older than the window are deleted as new ones come.
    """

    address_key = models.CharField(max_length=64, db_index=True)
    email_key = models.CharField(max_length=64, db_index=True)
    requested_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"Password reset requested at {self.requested_at:%Y-%m-%d %H:%M}"


class ApiToken(AbstractAuthToken):
    """A person's key for scripts calling the API (docs/api.md), with their rights exactly.

    django-rest-knox keeps only a digest of the key (``digest``) and its first characters
    (``token_key``, to find the row); the key itself is shown once, when it is made. Every
    token expires: ``expiry`` is required here, where knox allows none. The primary key
    is a plain number, so that the token's page and its revoke button never show the
    digest. ``last_used_at`` moves at most once a minute (accounts.services).
    """

    class Lifetime(models.IntegerChoices):
        MONTH = 30, "30 days"
        QUARTER = 90, "90 days"
        YEAR = 365, "365 days"

    id = models.BigAutoField(primary_key=True)
    digest = models.CharField(max_length=CONSTANTS.DIGEST_LENGTH, unique=True)
    expiry = models.DateTimeField()
    name = models.CharField(max_length=100, help_text="What it is for, e.g. Work-order sync.")
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return self.name
