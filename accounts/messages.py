"""What the account e-mails say, decided when they are sent, as the outbox composes them
in the recipient's language: the invitation and the password link.

The link is made at sending time (Django's password token, valid for
``PASSWORD_RESET_TIMEOUT`` and until the password changes), so the outbox's row holds
no secret.
"""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from notifications import registry
from notifications.content import Content, Skip
from notifications.models import Kind


def _password_link(person) -> str:
    uid = urlsafe_base64_encode(force_bytes(person.pk))
    return reverse("password_reset_confirm", args=[uid, default_token_generator.make_token(person)])


def _days() -> int:
    return max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)


def invitation(row, person, subject) -> Content:
    if subject.pk != person.pk:
        raise Skip("an invitation goes to the person invited only")
    return Content(
        subject=_("You are invited to the school Safety Portal"),
        lines=[
            _(
                "You are invited to the Safety Portal of %(district)s, where the school "
                "safety committees keep their meetings, follow-ups and findings."
            )
            % {"district": person.district.name},
            _("Your username is %(username)s. Choose your password with the link below.")
            % {"username": person.username},
            _(
                "The link works for %(days)d days, once. After that, ask for a new one on "
                "the sign-in page."
            )
            % {"days": _days()},
        ],
        link=_password_link(person),
        link_text=_("Choose my password"),
    )


def password_reset(row, person, subject) -> Content:
    if subject.pk != person.pk:
        raise Skip("a password link goes to its own person only")
    return Content(
        subject=_("Choose a new password for the Safety Portal"),
        lines=[
            _("Someone asked for a link to choose a new password for your account (%(username)s).")
            % {"username": person.username},
            _("If it was not you, do nothing: your password stays as it is."),
            _("The link works for %(days)d days, once.") % {"days": _days()},
        ],
        link=_password_link(person),
        link_text=_("Choose a new password"),
    )


def register() -> None:
    registry.message_register(kind=Kind.ACCOUNT_INVITATION, build=invitation)
    registry.message_register(kind=Kind.PASSWORD_RESET, build=password_reset)
